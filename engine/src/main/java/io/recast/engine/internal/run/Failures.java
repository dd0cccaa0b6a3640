package io.recast.engine.internal.run;

import io.recast.engine.api.AbortedException;
import io.recast.engine.api.DatabaseException;
import io.recast.engine.api.ErrorKind;
import io.recast.engine.api.Phase;
import io.recast.engine.api.RewriteException;
import io.recast.engine.api.Units;
import io.recast.engine.internal.catalog.TableDefinition;
import io.recast.engine.internal.cleanup.Cleanup;
import io.recast.engine.internal.job.JobLock;
import io.recast.engine.internal.job.JobTable;
import io.recast.engine.internal.plan.RewritePlan;
import io.recast.engine.internal.runtime.Cancellation;
import io.recast.engine.internal.sql.Sessions;
import io.recast.engine.internal.sql.SqlStates;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Consumer;
import javax.sql.DataSource;

/** What a {@link TableRun} does when a step fails: the one error it reports, and the clean-up before the swap. */
final class Failures {
    private Failures() {
    }

    /** Before the swap: drop everything we made; log our own failures, never mask the first. */
    static void abandon(DataSource ds, RewritePlan plan, Connection c, JobLock lock, long jobId,
                        RewriteException failure, Cancellation cancel, Consumer<String> warn) {
        TableDefinition t = plan.table();
        cancel.running(null);
        Connection cleanupConnection = c;
        try {
            if (cleanupConnection.isClosed() || !cleanupConnection.isValid(5)) {
                cleanupConnection = Sessions.open(ds, "cleanup");
            }
            if (!cleanupConnection.getAutoCommit()) {
                cleanupConnection.rollback();
                cleanupConnection.setAutoCommit(true);
            }
            Cleanup.Outcome outcome = Cleanup.dropArtifacts(cleanupConnection, t.oid(), false,
                    plan.options().cutover().lockTimeout(), plan.options().recovery().dropTimeout(), warn);
            if (!outcome.remaining().isEmpty()) {
                String left = "Not removed yet: " + String.join(", ", outcome.remaining()) + "; run recast cleanup --table "
                        + t.displayName() + " when the table is quieter.";
                failure.addNote(left);
                if (jobId > 0) {
                    JobTable.stopped(cleanupConnection, jobId, (failure instanceof AbortedException ? "aborted: "
                            : "failed: ") + failure.getMessage() + " " + left);
                }
            } else if (jobId > 0) {
                JobTable.finish(cleanupConnection, jobId, (failure instanceof AbortedException ? "aborted: " : "failed: ")
                        + failure.getMessage());
            }
            Cleanup.dropSchemaIfIdle(lock.connection());
        } catch (SQLException | RuntimeException e) {
            failure.addNote("The cleanup after it failed too (" + e.getMessage() + "); run recast cleanup --table "
                    + t.displayName() + ".");
            failure.addSuppressed(e);
        } finally {
            if (cleanupConnection != c) {
                Sessions.close(cleanupConnection);
            }
        }
    }

    /** Wraps once, at the boundary: SQLSTATE and server message kept; cancellation wins. */
    static RewriteException wrap(Exception e, Phase phase, RewritePlan plan, Cancellation cancel) {
        if (cancel.cancelled()) {
            AbortedException a = new AbortedException("aborted (" + cancel.reason() + ") during " + phase.label()
                    + "; " + plan.table().displayName() + " is as it was.");
            if (!(e instanceof AbortedException)) {
                a.addSuppressed(e);
            }
            return a;
        }
        if (e instanceof RewriteException r) {
            return r;
        }
        if (e instanceof SQLException s && SqlStates.is(s, SqlStates.DISK_FULL)) {
            return diskFull(s, phase, plan);
        }
        if (e instanceof SQLException s) {
            return new DatabaseException(phase.label() + " of " + plan.table().displayName() + " failed", s);
        }
        return new RewriteException(ErrorKind.DATABASE, phase.label() + " of "
                + plan.table().displayName() + " failed: " + e, e);
    }

    /**
     * A disk ran full (SQLSTATE 53100): which tablespace the run writes where, how much the new table
     * needs there, and that what the run made is removed (which frees its space) with the table untouched.
     */
    private static RewriteException diskFull(SQLException s, Phase phase, RewritePlan plan) {
        TableDefinition t = plan.table();
        String ts = t.tablespace() == null || t.tablespace().isBlank() ? "the database's default tablespace"
                : "tablespace " + t.tablespace();
        DatabaseException d = new DatabaseException(phase.label() + " of " + t.displayName()
                + " failed: the disk is full", s);
        d.addNote("The new table is written to " + ts + ", beside the table, and needs up to "
                + Units.size(t.totalBytes()) + " there (the table's size with its indexes, less when it is bloated); "
                + "the change log, in the database's default tablespace, grows with the writes while the run "
                + "lasts. What the run made is removed, which frees the space it took; the table is unchanged. "
                + "Free that much space first: recast check --table " + t.displayName() + " estimates what the "
                + "run needs.");
        return d;
    }
}
