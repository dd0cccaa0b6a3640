package io.recast.engine.internal.run;

import io.recast.engine.api.AbortedException;
import io.recast.engine.api.DatabaseException;
import io.recast.engine.api.Phase;
import io.recast.engine.api.RecoveryOptions;
import io.recast.engine.api.RewriteException;
import io.recast.engine.internal.catalog.TableInspector;
import io.recast.engine.internal.cleanup.Cleanup;
import io.recast.engine.internal.job.JobLock;
import io.recast.engine.internal.job.JobSql;
import io.recast.engine.internal.job.JobTable;
import io.recast.engine.internal.job.OptionsCodec;
import io.recast.engine.internal.plan.RewritePlan;
import io.recast.engine.internal.runtime.Cancellation;
import io.recast.engine.internal.runtime.ShortLock;
import io.recast.engine.internal.sql.Jdbc;
import io.recast.engine.internal.sql.Sessions;
import io.recast.engine.internal.sql.SqlStates;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * What a {@link TableRun} does when it lost a session (terminated, closed, the server restarted or
 * failed over): waits, reconnecting with backoff for at most the reconnect timeout, for a server
 * that takes writes; ends what the server still keeps of the lost sessions; and reads from the job
 * row where the run stands, so that it goes on from what was committed, as {@code recast resume}
 * would. A job that was still preparing is removed and started again.
 */
final class Reconnect {
    /** Lost sessions in a row without the job getting any further: then the fault is not transient. */
    private static final int MAX_WITHOUT_PROGRESS = 5;

    private final DataSource ds;
    private final RewritePlan plan;
    private final RecoveryOptions options;
    private final Cancellation cancel;
    private final Consumer<String> warn;
    private String lastState;
    private int withoutProgress;

    Reconnect(DataSource ds, RewritePlan plan, Cancellation cancel, Consumer<String> warn) {
        this.ds = ds;
        this.plan = plan;
        this.options = plan.options().recovery();
        this.cancel = cancel;
        this.warn = warn;
    }

    /** A session of the run was lost: {@link TableRun#run} reconnects and goes on. */
    static final class SessionLost extends RuntimeException {
        private final int lockPid;

        SessionLost(Throwable cause, int lockPid) {
            super(cause);
            this.lockPid = lockPid;
        }

        int lockPid() {
            return lockPid;
        }

        /** The SQLException it was reported with, wherever it is in the chain. */
        SQLException sqlCause() {
            for (Throwable t = getCause(); t != null; t = t.getCause()) {
                if (t instanceof SQLException s) {
                    return s;
                }
            }
            return new SQLException(String.valueOf(getCause().getMessage()), "08006", getCause());
        }
    }

    /** Whether the run should reconnect after {@code e} instead of failing. */
    boolean applies(Throwable e) {
        return !cancel.cancelled() && SqlStates.isConnectionLost(e);
    }

    /**
     * Waits for the server and reads where the job stands.
     *
     * @param lost    the error that lost the session
     * @param jobId   the run's job, or -1 when it had none yet
     * @param lockPid the backend that held the job lock, or 0
     * @param phase   the phase the run was in, for the warning
     * @return where to go on from; null to start afresh (nothing was made, or what a job still
     *         preparing had made is removed)
     * @throws RewriteException when the server did not come back in time, or the job gets no further;
     *                          the job's state is kept for {@code recast resume}
     */
    StoppedJob after(SQLException lost, long jobId, int lockPid, String phase) {
        try {
            return reconnect(lost, jobId, lockPid, phase);
        } catch (AbortedException stopped) {
            // stopped (Ctrl-C, recast abort cannot reach it) while the server could not be reached
            String t = plan.table().displayName();
            stopped.addNote("It was stopped while reconnecting: its job and what it made are kept; recast resume "
                    + "--table " + t + " goes on with it, recast cleanup --table " + t + " removes it.");
            throw stopped;
        }
    }

    private StoppedJob reconnect(SQLException lost, long jobId, int lockPid, String phase) {
        String table = plan.table().displayName();
        if (options.reconnectTimeout().isZero()) {
            throw stopped("lost its session during " + phase + " (reconnecting is off: --reconnect-timeout 0)", lost);
        }
        warn.accept("lost its session during " + phase + " (" + firstLine(lost) + "); reconnecting for at most "
                + options.reconnectTimeout().toSeconds() + "s, then going on from what was committed");
        long started = System.nanoTime();
        Connection c = null;
        for (int attempt = 1; ; attempt++) {
            cancel.check();
            try {
                c = Sessions.open(ds, "reconnect");
                if (!Jdbc.queryBoolean(c, RunSql.WRITABLE)) {
                    throw new SQLException("the server is in recovery (a standby, or being promoted)", "57P03");
                }
                break;
            } catch (SQLException e) {
                Sessions.close(c);
                c = null;
                Duration waited = Duration.ofNanos(System.nanoTime() - started);
                if (!SqlStates.isConnectionLost(e)) {
                    throw stopped("could not reconnect after losing its session", e);
                }
                if (waited.compareTo(options.reconnectTimeout()) >= 0) {
                    throw stopped("could not reconnect within --reconnect-timeout "
                            + options.reconnectTimeout().toSeconds() + "s (last: " + firstLine(e) + ")", e);
                }
                cancel.sleep(ShortLock.backoff(attempt + 3)); // 0.4 s, 0.8 s, ... up to 5 s
            }
        }
        try {
            warn.accept("reconnected after " + Duration.ofNanos(System.nanoTime() - started).toMillis() + "ms");
            return where(c, jobId, lockPid, lost);
        } catch (SQLException e) {
            if (SqlStates.isConnectionLost(e)) {
                return reconnect(e, jobId, lockPid, phase); // lost again while reading: wait again
            }
            throw new DatabaseException("reading the job of " + table + " after reconnecting failed", e);
        } finally {
            Sessions.close(c);
        }
    }

    private StoppedJob where(Connection c, long jobId, int lockPid, SQLException lost) throws SQLException {
        if (jobId <= 0) {
            return null; // the job row was not written: nothing was made yet
        }
        long oid = plan.table().oid();
        StoppedJob job = StoppedJob.read(c, oid).filter(r -> r.jobId() == jobId).orElse(null);
        if (job == null && JobTable.unlogged(c) && TableInspector.replaced(c, plan.table().qualified(), oid)) {
            // the crash came after the swap's commit: the table's name is the new table's, only the clean-up is
            // left; the job row, gone with the unlogged job table, is written again to say so
            long id = JobTable.insert(c, oid, plan.table().displayName(), Phase.CLEANUP, OptionsCodec.encode(plan.request()),
                    "");
            JobTable.swapped(c, id);
            warn.accept("the server restarted after a crash, which empties unlogged tables (the job table is unlogged "
                    + "because of a FOR ALL TABLES publication), after the swap had committed: only the clean-up is left");
            return StoppedJob.read(c, oid).filter(r -> r.jobId() == id).orElseThrow();
        }
        if (job == null && JobTable.unlogged(c)) {
            // a crash emptied the unlogged job table, and with it the unlogged change log and copy
            return restart(c, jobId, lost, "the server restarted after a crash, which empties unlogged tables: the "
                    + "copy and the change log (unlogged because of a FOR ALL TABLES publication) are gone");
        }
        if (job == null) {
            throw stopped("lost its session, and its job " + jobId + " is no longer unfinished (did recast cleanup "
                    + "run meanwhile?)", lost);
        }
        // a session lost on the network, not on the server, may still live there, holding our locks
        Jdbc.query(c, JobSql.TERMINATE_OWN, rs -> null, new long[] {lockPid, job.pid()});
        String state = job.phase() + "/" + job.rowsCopied() + "/" + job.rowsReplayed() + "/" + job.lastKey();
        withoutProgress = state.equals(lastState) ? withoutProgress + 1 : 0;
        lastState = state;
        if (withoutProgress >= MAX_WITHOUT_PROGRESS) {
            throw stopped("lost its session " + (MAX_WITHOUT_PROGRESS + 1) + " times without getting any further", lost);
        }
        if (job.phase() == Phase.PREPARE) {
            return restart(c, jobId, lost, null);
        }
        return job;
    }

    /**
     * Removes what the job made, for a fresh start (null); {@code why} (null: it was still preparing)
     * is said as a warning.
     */
    private StoppedJob restart(Connection c, long jobId, SQLException lost, String why) throws SQLException {
        try (JobLock lock = JobLock.acquire(ds, plan.names(), plan.table().displayName())) {
            // after a crash the swap may have committed (its job row is gone too): the old table goes as well
            boolean dropOld = why != null && !plan.options().keepOld();
            Cleanup.Outcome out = Cleanup.dropArtifacts(c, plan.table().oid(), dropOld,
                    plan.options().cutover().lockTimeout(), options.dropTimeout(), warn);
            if (out.remaining().isEmpty()) {
                if (why == null) {
                    JobTable.finish(c, jobId, "restarted after a lost session");
                } else {
                    warn.accept(plan.table().displayName() + ": " + why + "; starting again");
                }
                return null;
            }
            throw stopped((why == null ? "lost its session while preparing" : why) + ", and could not remove "
                    + String.join(", ", out.remaining()), lost);
        }
    }

    /** The run stops, keeping what it made: `recast resume` goes on with it, `recast cleanup` removes it. */
    private RewriteException stopped(String why, SQLException cause) {
        String t = plan.table().displayName();
        DatabaseException e = new DatabaseException(t + ": the run " + why, cause);
        e.addNote("Its job and what it made are kept: recast resume --table " + t + " goes on with it from what was "
                + "committed; recast cleanup --table " + t + " removes it.");
        return e;
    }

    private static String firstLine(SQLException e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
