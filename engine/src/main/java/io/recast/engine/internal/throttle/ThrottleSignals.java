package io.recast.engine.internal.throttle;

import io.recast.engine.api.AbortedException;
import io.recast.engine.api.InvalidOptionsException;
import io.recast.engine.api.Signal;
import io.recast.engine.api.ThrottleRule;
import io.recast.engine.internal.changelog.ChangeLog;
import io.recast.engine.internal.runtime.ArtifactNames;
import io.recast.engine.internal.runtime.PauseGate;
import io.recast.engine.internal.runtime.Progress;
import io.recast.engine.internal.sql.Jdbc;
import io.recast.engine.internal.sql.LazySession;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reads the throttle signals and decides: a signal above its pause threshold is the reason to wait
 * (the {@link PauseGate} asks between batches, at most once per interval); one above its critical
 * threshold stops the run (which then removes what it made). A signal that cannot be read is
 * reported once and then ignored.
 */
public final class ThrottleSignals implements PauseGate.Source, AutoCloseable {
    /** One signal's value, or why it could not be read. */
    public record Reading(ThrottleRule rule, Double value, String error) {
    }

    private final LazySession session;
    private final long tableOid;
    private final ArtifactNames names;
    private final List<ThrottleRule> rules;
    private final String userQuery;
    private final Replicas replicas;
    private final Consumer<String> warn;
    private final Set<Signal> unreadable = new HashSet<>();

    /** @param session the connection it reads on (shared with the job's reports) */
    public ThrottleSignals(LazySession session, long tableOid, ArtifactNames names, List<ThrottleRule> rules,
                           String userQuery, Replicas replicas, Consumer<String> warn) {
        this.session = session;
        this.tableOid = tableOid;
        this.names = names;
        this.rules = rules.stream().filter(ThrottleRule::active).toList();
        this.userQuery = userQuery;
        this.replicas = replicas;
        this.warn = warn;
    }

    /**
     * Before the run creates anything: checks that each replica is a reachable standby, and runs the
     * user's throttle query once; a query that fails or a replica that is not one refuses the run
     * instead of silently throttling nothing.
     *
     * @throws InvalidOptionsException naming the error
     */
    public void check() throws SQLException {
        replicas.check();
        if (userQuery == null || rules.stream().noneMatch(r -> r.signal() == Signal.QUERY)) {
            return;
        }
        try {
            userQuery(session.get());
        } catch (SQLException e) {
            throw new InvalidOptionsException("the throttle query failed (" + e.getMessage().strip()
                    + "); it must return one number: " + userQuery);
        }
    }

    public boolean enabled() {
        return !rules.isEmpty();
    }

    @Override
    public boolean active() {
        return enabled();
    }

    /**
     * Reads every signal once.
     *
     * @return the first signal above its pause threshold, described, or null
     * @throws AbortedException when a signal is above its critical threshold
     */
    @Override
    public String pauseReason(Progress progress) throws SQLException {
        return pauseReason(read());
    }

    /** Reads every signal once, in rule order; throws at the first critical one. */
    List<Reading> read() throws SQLException {
        List<Reading> out = new ArrayList<>();
        for (ThrottleRule r : rules) {
            Reading reading = read(r);
            out.add(reading);
            if (reading.value() != null && reading.value() > r.abortAbove()) {
                throw new AbortedException("aborted: " + r.signal().describe(reading.value())
                        + " is above its critical threshold " + r.signal().describe(r.abortAbove()).replace(
                                r.signal().label() + " ", "") + "; the table is as it was, and what the run made is removed");
            }
        }
        return out;
    }

    /** The first signal above its pause threshold, described, or null. */
    static String pauseReason(List<Reading> readings) {
        for (Reading r : readings) {
            if (r.value() != null && r.value() > r.rule().pauseAbove()) {
                return r.rule().signal().describe(r.value()) + " > " + r.rule().signal().describe(r.rule().pauseAbove())
                        .replace(r.rule().signal().label() + " ", "");
            }
        }
        return null;
    }

    private Reading read(ThrottleRule r) throws SQLException {
        Signal s = r.signal();
        if (unreadable.contains(s)) {
            return new Reading(r, null, "unreadable");
        }
        Connection conn = session.get();
        try {
            Double v = switch (s) {
                case BACKLOG -> (double) ChangeLog.backlog(conn, names);
                case QUERY -> userQuery(conn);
                case LOCK_WAITERS -> number(Jdbc.queryOne(conn, ThrottleSql.LOCK_WAITERS, rs -> value(rs), tableOid));
                // null until a replica replayed a transaction: no reading yet, not an unreadable signal
                case REPLICA_LAG -> {
                    Double lag = replicas.maxLag();
                    yield lag == null ? Double.valueOf(0) : lag;
                }
                default -> number(Jdbc.queryOne(conn, ThrottleSql.query(s), rs -> value(rs)));
            };
            if (v == null) {
                unreadable.add(s);
                warn.accept("cannot read the " + s.label() + " (it reads null: the role may need pg_monitor); "
                        + "that throttle is off for this run");
            }
            return new Reading(r, v, null);
        } catch (SQLException e) {
            if (s != Signal.QUERY && s != Signal.REPLICATION_LAG && s != Signal.SLOT_LAG && s != Signal.REPLICA_LAG) {
                throw e;
            }
            unreadable.add(s);
            warn.accept("cannot read the " + s.label() + " (" + e.getMessage().strip() + "); that throttle is off for this run");
            return new Reading(r, null, e.getMessage());
        }
    }

    private Double userQuery(Connection conn) throws SQLException {
        try (Statement st = conn.createStatement()) {
            st.setQueryTimeout(10);
            try (ResultSet rs = st.executeQuery(userQuery)) {
                if (!rs.next()) {
                    return 0.0;
                }
                double v = rs.getDouble(1);
                return rs.wasNull() ? 0.0 : v;
            }
        }
    }

    private static Double value(ResultSet rs) throws SQLException {
        double v = rs.getDouble(1);
        return rs.wasNull() ? null : v;
    }

    private static Double number(Optional<Double> v) {
        return v.orElse(null);
    }

    @Override
    public void close() {
        replicas.close();
    }
}
