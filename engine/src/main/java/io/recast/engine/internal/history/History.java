package io.recast.engine.internal.history;

import io.recast.engine.api.AbortedException;
import io.recast.engine.api.ErrorKind;
import io.recast.engine.api.HistoryEntry;
import io.recast.engine.api.RewriteException;
import io.recast.engine.api.RewriteListener;
import io.recast.engine.internal.runtime.Glob;
import io.recast.engine.internal.sql.Jdbc;
import io.recast.engine.internal.sql.Sessions;
import io.recast.engine.internal.sql.SqlStates;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * recast's history: every action recorded in {@code recast_history.actions}, which outlives runs.
 * Recording never fails the action it records: what cannot be written is a warning.
 */
public final class History {
    private static final Logger LOG = LoggerFactory.getLogger(History.class);

    private final DataSource dataSource;
    private final RewriteListener listener;

    public History(DataSource dataSource, RewriteListener listener) {
        this.dataSource = dataSource;
        this.listener = listener;
    }

    /** An action being recorded: {@link #done} or {@link #failed} ends it. */
    public interface Entry {
        /** The entry's id; 0 when it could not be recorded. */
        long id();

        /** Ended well; sizes after are read now when not given (-1). */
        void done(long sizeAfter, Duration lockHold);

        /** Ended otherwise: refused, aborted or failed, as the failure says. */
        void failed(Throwable failure);

        /** Ended with the outcome given (skipped, window closed), and why. */
        void ended(String outcome, String why);
    }

    /**
     * Starts recording {@code action} on {@code relation} (schema-qualified, as PostgreSQL parses it:
     * recast's sessions search no schema of the user's; for a maintain run, the database). Never throws.
     */
    public Entry start(String relation, String action, Long maintainRun) {
        Connection c = null;
        try {
            c = Sessions.open(dataSource, "history");
            ensureTable(c);
            Optional<Object[]> rel = action.equals("maintain") ? Optional.empty() : Jdbc.queryOne(c,
                    HistorySql.RELATION, rs -> new Object[] {rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getLong(4)}, relation);
            String schema = rel.map(r -> (String) r[0]).orElse("");
            String name = rel.map(r -> (String) r[1]).orElse(relation);
            String display = rel.map(r -> (String) r[2]).orElse(name);
            long before = rel.map(r -> (Long) r[3]).orElse(-1L);
            long id = Jdbc.queryLong(c, HistorySql.INSERT, schema, name, display, action, before < 0 ? null : before,
                    maintainRun);
            if (action.equals("resume")) {
                Jdbc.update(c, "history", HistorySql.RESUMED, id);
            }
            return new Recorded(id, display);
        } catch (SQLException | RuntimeException e) {
            warn(relation, "the history could not record the " + action + " of " + relation, e);
            return NONE;
        } finally {
            Sessions.close(c);
        }
    }

    /** The entries since {@code since}, newest first, of the relations matching {@code pattern} (null: all). */
    public List<HistoryEntry> list(Pattern pattern, OffsetDateTime since) throws SQLException {
        Connection c = Sessions.open(dataSource, "history");
        try {
            if (!Jdbc.queryBoolean(c, HistorySql.READABLE)) {
                return List.of();
            }
            return Jdbc.query(c, HistorySql.LIST, rs -> {
                if (pattern != null && !Glob.matches(pattern, rs.getString("schema_name"), rs.getString("relation_name"),
                        rs.getString("table_name"))) {
                    return null;
                }
                long hold = rs.getLong("lock_hold_ms");
                Duration lockHold = rs.wasNull() ? null : Duration.ofMillis(hold);
                long before = rs.getLong("size_before");
                before = rs.wasNull() ? -1 : before;
                long after = rs.getLong("size_after");
                after = rs.wasNull() ? -1 : after;
                long run = rs.getLong("maintain_run");
                Long maintainRun = rs.wasNull() ? null : run;
                return new HistoryEntry(rs.getLong("id"), rs.getString("table_name"), rs.getString("action"),
                        rs.getObject("started_at", OffsetDateTime.class), rs.getObject("finished_at", OffsetDateTime.class),
                        before, after, lockHold, rs.getString("outcome"), rs.getString("error"), maintainRun);
            }, since).stream().filter(java.util.Objects::nonNull).toList();
        } finally {
            Sessions.close(c);
        }
    }

    /** Whether the history exists and this role may read it. */
    public static boolean readable(Connection c) throws SQLException {
        return Jdbc.queryBoolean(c, HistorySql.READABLE);
    }

    /** A relation's last action that ended done. */
    public record Done(String action, OffsetDateTime at) {
    }

    /**
     * Each relation's last action that ended done, keyed "schema.name" (raw names); empty before the
     * first, or when this role may not read them.
     */
    public static Map<String, Done> lastDone(Connection c) throws SQLException {
        Map<String, Done> out = new HashMap<>();
        if (readable(c)) {
            for (Object[] row : Jdbc.query(c, HistorySql.LAST_DONE, rs -> new Object[] {rs.getString(1) + "."
                    + rs.getString(2), new Done(rs.getString(3), rs.getObject(4, OffsetDateTime.class))})) {
                out.put((String) row[0], (Done) row[1]);
            }
        }
        return out;
    }

    /**
     * The bytes per second of the last 20 actions of a kind that ended done and ran at least a second,
     * newest first; empty when the history does not exist or this role may not read it.
     */
    public static List<Double> rates(Connection c, String action) throws SQLException {
        return readable(c) ? Jdbc.query(c, HistorySql.RATES, rs -> rs.getDouble(1), action) : List.of();
    }

    private static void ensureTable(Connection c) throws SQLException {
        if (!Jdbc.queryBoolean(c, HistorySql.EXISTS)) {
            Jdbc.transaction(c, () -> {
                Jdbc.queryOne(c, HistorySql.LOCK, rs -> null, HistorySql.CREATE_LOCK_KEY);
                Jdbc.exec(c, "history", HistorySql.CREATE_SCHEMA);
                Jdbc.exec(c, "history", HistorySql.COMMENT);
                boolean unlogged = Jdbc.queryBoolean(c, HistorySql.ALL_TABLES_PUBLICATION);
                Jdbc.exec(c, "history", HistorySql.CREATE_TABLE.formatted(unlogged ? "UNLOGGED " : ""));
                Jdbc.exec(c, "history", HistorySql.CREATE_INDEX);
                return null;
            });
        }
        if (Jdbc.queryBoolean(c, HistorySql.LOGGED_UNDER_ALL_TABLES_PUBLICATION)) {
            Jdbc.exec(c, "history", HistorySql.UNLOG);
        }
    }

    private void warn(String relation, String what, Exception e) {
        String why = e instanceof SQLException s && SqlStates.is(s, SqlStates.INSUFFICIENT_PRIVILEGE)
                ? e.getMessage().strip() + " (the role needs CREATE on the database for the recast_history schema, "
                        + "or INSERT, UPDATE and SELECT on recast_history.actions and USAGE on its schema)"
                : e.getMessage() == null ? e.toString() : e.getMessage().strip();
        LOG.debug("{}", what, e);
        try {
            listener.warning(relation, what + ": " + why);
        } catch (RuntimeException ignored) {
            // a listener's failure must not end the action either
        }
    }

    private static final Entry NONE = new Entry() {
        @Override
        public long id() {
            return 0;
        }

        @Override
        public void done(long sizeAfter, Duration lockHold) {
        }

        @Override
        public void failed(Throwable failure) {
        }

        @Override
        public void ended(String outcome, String why) {
        }
    };

    private final class Recorded implements Entry {
        private final long id;
        private final String display;

        Recorded(long id, String display) {
            this.id = id;
            this.display = display;
        }

        @Override
        public long id() {
            return id;
        }

        @Override
        public void done(long sizeAfter, Duration lockHold) {
            finish("done", sizeAfter, lockHold, null);
        }

        @Override
        public void failed(Throwable failure) {
            String outcome = failure instanceof AbortedException ? "aborted"
                    : failure instanceof RewriteException r && r.kind() == ErrorKind.NOT_ELIGIBLE ? "refused"
                    : "failed";
            String message = failure.getMessage() == null ? failure.toString() : failure.getMessage();
            finish(outcome, -1, null, message);
        }

        @Override
        public void ended(String outcome, String why) {
            finish(outcome, -1, null, why);
        }

        private void finish(String outcome, long sizeAfter, Duration lockHold, String error) {
            Connection c = null;
            try {
                c = Sessions.open(dataSource, "history");
                Long after = sizeAfter >= 0 ? Long.valueOf(sizeAfter) : outcome.equals("done")
                        ? Jdbc.queryOne(c, HistorySql.SIZE_NOW, rs -> rs.getLong(1), display).orElse(null) : null;
                Jdbc.update(c, "history", HistorySql.FINISH, outcome, after, lockHold == null ? null : lockHold.toMillis(),
                        error, id);
            } catch (SQLException | RuntimeException e) {
                warn(display, "the history could not record the end of action " + id, e);
            } finally {
                Sessions.close(c);
            }
        }
    }
}
