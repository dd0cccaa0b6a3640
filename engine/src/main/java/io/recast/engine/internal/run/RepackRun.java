package io.recast.engine.internal.run;

import io.recast.engine.api.AbortedException;
import io.recast.engine.api.DatabaseException;
import io.recast.engine.api.NotEligibleException;
import io.recast.engine.api.Phase;
import io.recast.engine.api.RewriteException;
import io.recast.engine.api.RewriteListener;
import io.recast.engine.api.RewriteOptions;
import io.recast.engine.api.RewriteResult;
import io.recast.engine.internal.backfill.Backfill;
import io.recast.engine.internal.backfill.BatchSizer;
import io.recast.engine.internal.catalog.TableDefinition;
import io.recast.engine.internal.changelog.ChangeLog;
import io.recast.engine.internal.changelog.ChangelogSql;
import io.recast.engine.internal.cleanup.Cleanup;
import io.recast.engine.internal.cutover.Cutover;
import io.recast.engine.internal.cutover.CutoverSql;
import io.recast.engine.internal.job.JobLock;
import io.recast.engine.internal.job.OptionsCodec;
import io.recast.engine.internal.plan.RewritePlan;
import io.recast.engine.internal.replay.Replayer;
import io.recast.engine.internal.runtime.ArtifactNames;
import io.recast.engine.internal.runtime.Cancellation;
import io.recast.engine.internal.runtime.GuardedListener;
import io.recast.engine.internal.runtime.Progress;
import io.recast.engine.internal.runtime.ShortLock;
import io.recast.engine.internal.shadow.ShadowSql;
import io.recast.engine.internal.sql.Jdbc;
import io.recast.engine.internal.sql.Sessions;
import io.recast.engine.internal.throttle.ThrottleMonitor;
import io.recast.engine.internal.throttle.Throttler;
import io.recast.engine.internal.verify.Verifier;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The only class that knows the order of the steps; it reads like the runbook. */
public final class RepackRun {
    private static final Logger LOG = LoggerFactory.getLogger(RepackRun.class);

    private final DataSource ds;
    private final RewritePlan plan;
    private final RewriteListener listener;
    private final Cancellation cancel;
    private final Clock clock;
    private final Progress progress;
    private final Consumer<String> warn;
    private ThrottleMonitor monitor = ThrottleMonitor.none();

    /**
     * Where an unfinished job of a process that died stopped, as its job row says.
     *
     * @param lastKey the last key its backfill committed, or null
     */
    public record Resume(long jobId, Phase phase, java.util.List<String> lastKey, long rowsCopied, long rowsReplayed,
                         String definitionHash) {
    }

    private Resume resume;
    private java.util.Properties replicaLogin = new java.util.Properties();

    /** User and password for the options' replica URLs. */
    public RepackRun replicaLogin(java.util.Properties login) {
        this.replicaLogin = login;
        return this;
    }

    /** Goes on with the job {@code r} instead of starting one: see {@link Resume}. */
    public RepackRun resuming(Resume r) {
        this.resume = r;
        return this;
    }

    public RepackRun(DataSource ds, RewritePlan plan, RewriteListener listener, Cancellation cancel, Clock clock) {
        this.ds = ds;
        this.plan = plan;
        this.listener = GuardedListener.wrap(listener);
        this.cancel = cancel;
        this.clock = clock;
        this.progress = new Progress(plan.table().displayName(), this.listener, clock);
        this.warn = message -> {
            LOG.warn("{}: {}", plan.table().displayName(), message);
            this.listener.warning(plan.table().displayName(), message);
        };
    }

    /**
     * Runs the rewrite. Any failure before the swap commits removes every artifact and leaves the
     * table as it was; the first error is the one reported.
     */
    public RewriteResult run() {
        TableDefinition t = plan.table();
        ArtifactNames n = plan.names();
        RewriteOptions o = plan.options();
        progress.estimate(t.rowEstimate());
        try (JobLock lock = JobLock.acquire(ds, n, t.displayName());
             Worker w = new Worker(Sessions.open(ds, "worker"));
             ThrottleMonitor monitor = new ThrottleMonitor(ds, t.oid(), n, o.throttleRules(), o.throttleQuery(),
                     new io.recast.engine.internal.throttle.Replicas(o.replicaUrls(), replicaLogin),
                     o.throttleInterval(), clock, warn)) {
            this.monitor = monitor;
            monitor.checkSignals();
            Connection c = w.c;
            if (resume == null) {
                refuseLeftovers(c, t, n);
            }
            // compared under the cut-over's lock: DDL from here on would be missed by the copy
            String fingerprint = io.recast.engine.internal.catalog.TableInspector.fingerprint(c, t.oid());
            if (resume != null && !fingerprint.equals(resume.definitionHash())) {
                throw new NotEligibleException("resume", t.displayName(), List.of("its definition changed since the "
                        + "job stopped (DDL the copy does not have); remove the job with recast cleanup --table "
                        + t.displayName() + " and run repack again"));
            }
            Phase from = resume == null ? Phase.PREPARE : resume.phase();
            long jobId = -1;
            boolean swapped = false;
            try {
                progress.phase(Phase.PREPARE);
                ChangeLog.ensureSchema(c);
                if (resume == null) {
                    jobId = Jdbc.queryLong(c, ChangelogSql.insertJob(), t.oid(), t.displayName(), Phase.PREPARE.label(),
                            OptionsCodec.encode(o), fingerprint);
                    monitor.job(jobId);
                    ChangeLog.createLog(c, t, n);
                    Jdbc.execAll(c, "shadow", plan.createShadow());
                    ChangeLog.installTriggers(c, t, n, o.lockTimeout(), o.maxAttempts(), cancel, warn);
                } else {
                    jobId = resume.jobId();
                    Jdbc.update(c, "job", ChangelogSql.adoptJob(), jobId);
                    monitor.job(jobId);
                    progress.resumedAt(resume.rowsCopied(), resume.rowsReplayed());
                    warn.accept("resuming job " + jobId + " from its " + from.label() + " phase"
                            + (from == Phase.BACKFILL && resume.lastKey() != null ? " after key " + resume.lastKey() : "")
                            + "; the trigger logged every change meanwhile");
                }

                if (from.ordinal() <= Phase.BACKFILL.ordinal()) {
                    progress.phase(Phase.BACKFILL);
                    phase(c, jobId, Phase.BACKFILL);
                    new Backfill(t, n, new BatchSizer(o.batchRows(), o.targetBatchTime(), o.minBatchRows(),
                            o.maxBatchRows()), monitor).run(c, jobId, new Throttler(o.maxRowsPerSecond(), o.batchPause(),
                            clock), progress, cancel, resume == null ? null : resume.lastKey());
                }

                if (from.ordinal() <= Phase.INDEX.ordinal()) {
                    progress.phase(Phase.INDEX);
                    phase(c, jobId, Phase.INDEX);
                    List<String> indexSteps = new java.util.ArrayList<>();
                    if (from == Phase.INDEX && resume != null) {
                        // the earlier process may have built some of them: all of them again, from scratch
                        indexSteps.addAll(ShadowSql.undoAfterBackfill(plan.target(), n));
                    }
                    indexSteps.addAll(ShadowSql.afterBackfill(plan.target(), n));
                    for (String s : indexSteps) {
                        cancel.check();
                        cancel.running(c);
                        try {
                            Jdbc.exec(c, "index", s);
                        } finally {
                            cancel.running(null);
                        }
                    }
                }

                progress.phase(Phase.CATCH_UP);
                phase(c, jobId, Phase.CATCH_UP);
                // snapshots older than this would read the new table without the copy's later batches
                double copyEnded = Jdbc.queryOne(c, "SELECT extract(epoch FROM clock_timestamp())::float8",
                        rs -> rs.getDouble(1)).orElseThrow();
                Replayer replayer = new Replayer(t, n);
                catchUp(c, replayer, o.cutOverBacklog());
                Jdbc.exec(c, "analyze", ShadowSql.analyze(n));
                catchUp(c, replayer, o.cutOverBacklog());
                awaitCutOver(c, replayer);
                Verifier verifier = o.verify() ? verify(c, jobId, replayer) : null;

                progress.phase(Phase.CUT_OVER);
                phase(c, jobId, Phase.CUT_OVER);
                Cutover.Swap swap = new Cutover(ds, t, n, o, clock).target(plan.target()).copyEnded(copyEnded).expectDefinition(fingerprint)
                        .verifying(verifier).run(jobId, progress, cancel, warn,
                        () -> catchUpUnchecked(c, replayer, o.cutOverBacklog()));
                swapped = true;

                progress.phase(Phase.CLEANUP);
                boolean oldGone = afterSwap(c, t, n, o);
                long sizeAfter = Jdbc.queryLong(c, "SELECT pg_total_relation_size(to_regclass(?))", t.qualified());
                if (o.keepOld() || oldGone) {
                    // an unfinished job is what lets a later cleanup find the old table
                    Cleanup.finishJob(c, jobId, o.keepOld() ? "done; old table kept as " + n.qOld() : "done");
                }
                Cleanup.dropSchemaIfIdle(lock.connection());
                progress.phase(Phase.DONE);
                return new RewriteResult(t.displayName(), progress.rowsCopied(), progress.rowsReplayed(),
                        progress.durations(), progress.elapsed(), swap.lockWait(), swap.lockHold(), swap.attempts(),
                        t.totalBytes(), sizeAfter, o.keepOld() ? n.qOld() : null, swap.longestQueuedWait(), List.of());
            } catch (SQLException | RuntimeException e) {
                RewriteException failure = wrap(e, progress.phase());
                if (!swapped) {
                    abandon(c, lock, t, n, jobId, failure);
                }
                throw failure;
            }
        } catch (SQLException e) {
            throw wrap(e, progress.phase());
        }
    }

    /** The connection of the backfill, the index builds and the replay; closed clean. */
    private record Worker(Connection c) implements AutoCloseable {
        @Override
        public void close() {
            Sessions.close(c);
        }
    }

    private void refuseLeftovers(Connection c, TableDefinition t, ArtifactNames n) throws SQLException {
        boolean leftovers = Jdbc.queryBoolean(c, """
                SELECT to_regclass(?) IS NOT NULL OR to_regclass(?) IS NOT NULL OR to_regclass(?) IS NOT NULL
                    OR EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = ? AND tgname IN (?, ?))
                """, n.qShadow(), n.qLog(), n.qOld(), t.oid(), n.trigger(), n.truncateTrigger());
        if (leftovers) {
            throw new NotEligibleException(t.displayName(), List.of("an earlier run left its artifacts (recast."
                    + n.shadow() + " and others): go on with it with recast resume --table " + t.displayName()
                    + ", or remove them with recast cleanup --table " + t.displayName()));
        }
    }

    /**
     * Replays until at most {@code target} log rows wait; one transaction per batch, the throttle
     * signals read between batches. When the backlog keeps growing although every batch is
     * applied, the writes outrun the replay: the progress line says so (a critical backlog
     * threshold stops the run).
     */
    private void catchUp(Connection c, Replayer replayer, long target) throws SQLException {
        long backlog = ChangeLog.backlog(c, plan.names());
        progress.backlog(backlog);
        int growing = 0;
        while (backlog > target) {
            cancel.check();
            int applied = Jdbc.transaction(c, () -> replayer.applyBatch(c, plan.options().replayRows()));
            progress.replayed(applied);
            long before = backlog;
            backlog = ChangeLog.backlog(c, plan.names());
            progress.backlog(backlog);
            if (applied == 0) {
                return;
            }
            growing = backlog > before ? growing + 1 : 0;
            if (growing == OUTRUN_ROUNDS) {
                warn.accept("throttled: the change-log backlog grows faster than the replay (" + backlog
                        + " rows); the cut-over waits until it shrinks");
                progress.throttle(OUTRUN);
            } else if (growing == 0 && OUTRUN.equals(progress.throttleReason())) {
                progress.throttle(null);
            }
            monitor.between(progress, cancel);
        }
        if (OUTRUN.equals(progress.throttleReason())) {
            progress.throttle(null);
        }
    }

    /**
     * With a manual cut-over or a cut-over window: keeps the new table in sync (replaying, throttle
     * and control as usual) until `recast cut-over` asks for the swap and the window is open.
     */
    private void awaitCutOver(Connection c, Replayer replayer) throws SQLException {
        RewriteOptions o = plan.options();
        String told = null;
        while (o.manualCutOver() || o.cutOverWindow() != null) {
            cancel.check();
            boolean asked = !o.manualCutOver() || "cutover".equals(monitor.requested());
            boolean open = o.cutOverWindow() == null || o.cutOverWindow().contains(java.time.LocalTime.now(clock));
            if (asked && open) {
                if (told != null) {
                    progress.throttle(null);
                }
                return;
            }
            String why = !asked ? "waiting for recast cut-over --table " + plan.table().displayName()
                    : "waiting for the cut-over window " + o.cutOverWindow();
            if (!why.equals(told)) {
                warn.accept(why + "; the new table is kept in sync meanwhile");
                progress.throttle(why);
                told = why;
            }
            catchUp(c, replayer, 0); // all of it: in sync, so the swap has little to drain
            monitor.between(progress, cancel);
            cancel.sleep(o.throttleInterval());
        }
    }

    /** Replay batches in a row after which the backlog was larger than before: the writes outrun the replay. */
    private static final int OUTRUN_ROUNDS = 5;

    /** The throttle reason while the writes outrun the replay. */
    private static final String OUTRUN = "backlog growing faster than replay";

    private void catchUpUnchecked(Connection c, Replayer replayer, long target) {
        try {
            catchUp(c, replayer, target);
        } catch (SQLException e) {
            throw new DatabaseException("replay between cut-over attempts on " + plan.table().displayName(), e);
        }
    }

    /**
     * {@code verify}: one REPEATABLE READ pass compares the shadow with the table, except the rows
     * whose keys are in the log; from then on the replay records the keys it applies, and those rows
     * are compared again in fresh snapshots (catching up in between) until few are left, which the
     * cut-over compares under its lock. A difference throws before anything is swapped.
     */
    private Verifier verify(Connection c, long jobId, Replayer replayer) throws SQLException {
        progress.phase(Phase.VERIFY);
        phase(c, jobId, Phase.VERIFY);
        Verifier v = new Verifier(plan.table(), plan.names());
        v.compare(c, progress, cancel);
        replayer.recordKeys(v::replayed);
        long leftForTheLock = Math.max(plan.options().cutOverBacklog(), VERIFY_LEFT_FOR_THE_LOCK);
        for (int round = 1; ; round++) {
            catchUp(c, replayer, plan.options().cutOverBacklog());
            if (round > VERIFY_ROUNDS || (v.pending() <= leftForTheLock && !v.overflowed())) {
                return v;
            }
            v.narrow(c, progress, cancel);
        }
    }

    /** Changed rows {@code verify} leaves at most for the cut-over to compare under its lock... */
    private static final int VERIFY_LEFT_FOR_THE_LOCK = 1_000;
    /** ... after at most this many rounds of comparing them outside the lock. */
    private static final int VERIFY_ROUNDS = 5;

    /**
     * After the commit: foreign keys validated without blocking writes, the old table dropped.
     *
     * @return whether the old table is gone (false when kept, or when dropping it failed)
     */
    private boolean afterSwap(Connection c, TableDefinition t, ArtifactNames n, RewriteOptions o) throws SQLException {
        for (String s : CutoverSql.validateForeignKeys(plan.target())) {
            try {
                ShortLock.run(c, "validate foreign key", List.of(s), o.lockTimeout(), o.maxAttempts(), cancel, warn);
            } catch (SQLException | RewriteException e) {
                warn.accept("the swap is done, but a foreign key could not be validated (" + e.getMessage()
                        + "); it stays NOT VALID: run " + s);
            }
        }
        if (o.keepOld()) {
            return false;
        }
        try {
            ShortLock.run(c, "drop the old table", List.of(CutoverSql.dropOld(n)), o.lockTimeout(), o.maxAttempts(),
                    cancel, warn);
            return true;
        } catch (SQLException | RewriteException e) {
            warn.accept("the swap is done, but the old table " + n.qOld() + " could not be dropped ("
                    + e.getMessage() + "); run recast cleanup --table " + t.displayName());
            return false;
        }
    }

    /** Before the swap: drop everything we made; log our own failures, never mask the first. */
    private void abandon(Connection c, JobLock lock, TableDefinition t, ArtifactNames n, long jobId,
                         RewriteException failure) {
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
            Cleanup.Outcome outcome = Cleanup.dropArtifacts(cleanupConnection, t.oid(), false, plan.options().lockTimeout(),
                    Math.min(Cleanup.ATTEMPTS, plan.options().maxAttempts()), warn);
            if (!outcome.remaining().isEmpty()) {
                failure.addNote("Not removed yet: " + String.join(", ", outcome.remaining()) + "; run recast cleanup --table "
                        + t.displayName() + " when the table is quieter.");
            } else if (jobId > 0) {
                Cleanup.finishJob(cleanupConnection, jobId, (failure instanceof AbortedException ? "aborted: " : "failed: ")
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

    private void phase(Connection c, long jobId, Phase p) throws SQLException {
        Jdbc.update(c, "job", ChangelogSql.updatePhase(), p.label(), jobId);
    }

    /** Wraps once, at the boundary: SQLSTATE and server message kept; cancellation wins. */
    private RewriteException wrap(Exception e, Phase phase) {
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
        if (e instanceof SQLException s) {
            return new DatabaseException(phase.label() + " of " + plan.table().displayName() + " failed", s);
        }
        return new RewriteException(io.recast.engine.api.ErrorKind.DATABASE, phase.label() + " of "
                + plan.table().displayName() + " failed: " + e, e);
    }
}
