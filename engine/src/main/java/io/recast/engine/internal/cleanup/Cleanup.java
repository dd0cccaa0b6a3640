package io.recast.engine.internal.cleanup;

import io.recast.engine.api.LockTimeoutException;
import io.recast.engine.internal.changelog.ChangelogSql;
import io.recast.engine.internal.cutover.Cutover;
import io.recast.engine.internal.cutover.CutoverSql;
import io.recast.engine.internal.job.JobTable;
import io.recast.engine.internal.runtime.ArtifactNames;
import io.recast.engine.internal.runtime.Cancellation;
import io.recast.engine.internal.runtime.ShortLock;
import io.recast.engine.internal.shadow.ShadowSql;
import io.recast.engine.internal.sql.Jdbc;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drops every artifact of a run, found by the names derived from the table's oid. Idempotent, and
 * works from a fresh process: it needs nothing but the oid. The caller holds the table's job lock.
 */
public final class Cleanup {
    private static final Logger LOG = LoggerFactory.getLogger(Cleanup.class);

    private Cleanup() {
    }

    /** What a cleanup dropped, and what it had to leave (with why). */
    public record Outcome(List<String> dropped, List<String> remaining) {
    }

    /**
     * Drops the triggers, the CHECK on a DEFAULT partition, the log, the function and the shadow of
     * the run on {@code oid}; with
     * {@code dropOld}, also the old table a swap left. Every drop waits at most {@code lockTimeout}
     * per attempt, so cleanup never queues in front of the application, and retries with backoff
     * for {@code retryFor}. A trigger that cannot be dropped (DROP TRIGGER needs ACCESS EXCLUSIVE) is
     * made harmless instead: its function is replaced by one that does nothing, and it is reported as
     * remaining, with the sessions that held the table.
     */
    public static Outcome dropArtifacts(Connection c, long oid, boolean dropOld, Duration lockTimeout,
                                        Duration retryFor, Consumer<String> warn) throws SQLException {
        ArtifactNames n = new ArtifactNames(oid);
        List<String> dropped = new ArrayList<>();
        List<String> remaining = new ArrayList<>();
        Leftovers left = Leftovers.of(c, oid); // all absent without the recast schema
        Step step = (sql, what) -> {
            try {
                ShortLock.runFor(c, "drop " + what, List.of(sql), lockTimeout, retryFor, new Cancellation(), warn);
                dropped.add(what);
                return true;
            } catch (LockTimeoutException e) {
                String holders = Cutover.lockHolders(c, oid);
                remaining.add(what + " (its lock was not granted in " + e.attempts() + " attempts"
                        + (holders.isEmpty() ? "" : "; held up by " + holders) + ")");
                return false;
            }
        };
        List<String[]> triggers = Jdbc.query(c, CleanupSql.OUR_TRIGGERS,
                rs -> new String[] {rs.getString(1), rs.getString(2)}, n.trigger(), n.truncateTrigger());
        boolean triggersLeft = false;
        for (String[] tr : triggers) {
            if (!step.run(CleanupSql.dropTrigger(tr[0], tr[1]), "trigger " + tr[0] + " on " + tr[1])) {
                triggersLeft = true;
            }
        }
        for (String[] k : Jdbc.query(c, CleanupSql.OUR_CONSTRAINTS, rs -> new String[] {rs.getString(1), rs.getString(2)},
                n.defaultCheck())) {
            step.run(CleanupSql.dropConstraint(k[0], k[1]), "CHECK " + k[0] + " on the DEFAULT partition " + k[1]);
        }
        if (triggersLeft && left.function()) {
            Jdbc.exec(c, "cleanup", ChangelogSql.disableFunction(n));
            remaining.add("function " + n.qFunction() + "() (now does nothing; the trigger still calls it)");
        }
        if (left.shadow()) {
            step.run(ShadowSql.drop(n), "shadow table " + n.qShadow());
        }
        if (left.log()) {
            step.run(ChangelogSql.dropLog(n), "log table " + n.qLog());
        }
        if (!triggersLeft && left.function()) {
            step.run(ChangelogSql.dropFunction(n), "function " + n.qFunction() + "()");
        }
        if (dropOld && left.old()) {
            step.run(CutoverSql.dropOld(n), "old table " + n.qOld());
        }
        return new Outcome(dropped, remaining);
    }

    @FunctionalInterface
    private interface Step {
        boolean run(String sql, String what) throws SQLException;
    }

    /**
     * Drops the recast schema when we created it and no run needs it: only while no other session
     * holds the shared schema lock, with no unfinished job, and without CASCADE, so a kept old table
     * or anything a user put there keeps it alive. Never throws; the schema is harmless if left.
     */
    public static boolean dropSchemaIfIdle(Connection lockConnection) {
        Connection c = lockConnection;
        try {
            if (!Jdbc.queryBoolean(c, ChangelogSql.SCHEMA_EXISTS, ArtifactNames.SCHEMA)) {
                return false;
            }
            if (!Jdbc.queryBoolean(c, CleanupSql.TRY_SCHEMA_LOCK, ArtifactNames.SCHEMA_LOCK_KEY)) {
                return false;
            }
            try {
                String comment = Jdbc.queryOne(c, CleanupSql.SCHEMA_COMMENT, rs -> rs.getString(1), ArtifactNames.SCHEMA)
                        .orElse(null);
                if (!ChangelogSql.SCHEMA_COMMENT.equals(comment)) {
                    return false;
                }
                if (JobTable.anyUnfinished(c)) {
                    return false;
                }
                c.setAutoCommit(false);
                try {
                    JobTable.drop(c);
                    Jdbc.exec(c, "cleanup", ChangelogSql.dropSchema());
                    c.commit();
                    return true;
                } catch (SQLException e) {
                    c.rollback();
                    LOG.debug("kept schema {}: {}", ArtifactNames.SCHEMA, e.getMessage());
                    return false;
                } finally {
                    c.setAutoCommit(true);
                }
            } finally {
                Jdbc.queryOne(c, CleanupSql.SCHEMA_UNLOCK, rs -> null, ArtifactNames.SCHEMA_LOCK_KEY);
            }
        } catch (SQLException e) {
            LOG.debug("could not check whether schema {} can go: {}", ArtifactNames.SCHEMA, e.getMessage());
            return false;
        }
    }
}
