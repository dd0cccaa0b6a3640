package io.recast.engine.internal.changelog;

import io.recast.engine.internal.catalog.TableDefinition;
import io.recast.engine.internal.job.JobTable;
import io.recast.engine.internal.runtime.ArtifactNames;
import io.recast.engine.internal.runtime.Cancellation;
import io.recast.engine.internal.runtime.ShortLock;
import io.recast.engine.internal.sql.Jdbc;
import io.recast.engine.internal.sql.SqlStates;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Installs and reads the change log. */
public final class ChangeLog {
    private ChangeLog() {
    }

    /**
     * Creates the recast schema (commented as ours when we create it) and the job table, if missing.
     * Two runs may race here; the loser of CREATE ... IF NOT EXISTS sees a unique violation and
     * simply tries again.
     */
    public static void ensureSchema(Connection c) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try {
                boolean existed = Jdbc.queryBoolean(c, ChangelogSql.SCHEMA_EXISTS, ArtifactNames.SCHEMA);
                c.setAutoCommit(false);
                Jdbc.exec(c, "schema", ChangelogSql.createSchema());
                if (!existed) {
                    Jdbc.exec(c, "schema", ChangelogSql.commentSchema());
                }
                JobTable.create(c);
                c.commit();
                c.setAutoCommit(true);
                return;
            } catch (SQLException e) {
                Jdbc.rollbackQuietly(c, e);
                if (attempt >= 3 || !(SqlStates.is(e, SqlStates.UNIQUE_VIOLATION) || SqlStates.is(e, SqlStates.DUPLICATE_OBJECT))) {
                    throw e;
                }
            }
        }
    }

    /** The log table and the trigger function: only our own objects, no lock on the user's table. */
    public static void createLog(Connection c, TableDefinition t, ArtifactNames n) throws SQLException {
        Jdbc.execAll(c, "changelog", List.of(ChangelogSql.createLog(t, n), ChangelogSql.createFunction(t, n)));
    }

    /**
     * Creates the triggers. CREATE TRIGGER takes SHARE ROW EXCLUSIVE on the table, which waits for
     * every writing transaction to finish, so every write that commits after it is logged: run under
     * a short lock_timeout, retried.
     */
    public static void installTriggers(Connection c, TableDefinition t, ArtifactNames n, Duration lockTimeout,
                                       int attempts, Cancellation cancel, Consumer<String> warn) throws SQLException {
        ShortLock.run(c, "install change-log trigger on " + t.displayName(), triggerStatements(t, n), lockTimeout,
                attempts, cancel, warn);
    }

    public static List<String> triggerStatements(TableDefinition t, ArtifactNames n) {
        List<String> s = new ArrayList<>();
        s.add(ChangelogSql.createTrigger(t, n));
        s.add(ChangelogSql.createTruncateTrigger(t, n));
        s.addAll(ChangelogSql.enableAlways(t, n));
        return s;
    }

    public static long backlog(Connection c, ArtifactNames n) throws SQLException {
        return Jdbc.queryLong(c, ChangelogSql.backlog(n));
    }
}
