package io.recast.engine.internal.run;

import io.recast.engine.api.BackfillOptions;
import io.recast.engine.api.CutoverOptions;
import io.recast.engine.api.NotEligibleException;
import io.recast.engine.api.Phase;
import io.recast.engine.api.PlannedStep;
import io.recast.engine.api.RewriteException;
import io.recast.engine.api.RewriteListener;
import io.recast.engine.api.RewriteOptions;
import io.recast.engine.api.RewriteResult;
import io.recast.engine.api.ThrottleOptions;
import io.recast.engine.internal.backfill.Backfill;
import io.recast.engine.internal.backfill.BatchSizer;
import io.recast.engine.internal.catalog.TableDefinition;
import io.recast.engine.internal.catalog.TableInspector;
import io.recast.engine.internal.changelog.ChangeLog;
import io.recast.engine.internal.changelog.ChangelogSql;
import io.recast.engine.internal.cleanup.Cleanup;
import io.recast.engine.internal.cleanup.Leftovers;
import io.recast.engine.internal.cutover.AfterSwap;
import io.recast.engine.internal.cutover.Cutover;
import io.recast.engine.internal.cutover.CutoverSql;
import io.recast.engine.internal.job.JobLock;
import io.recast.engine.internal.job.JobSql;
import io.recast.engine.internal.job.JobTable;
import io.recast.engine.internal.job.OptionsCodec;
import io.recast.engine.internal.plan.RewritePlan;
import io.recast.engine.internal.replay.ReplaySql;
import io.recast.engine.internal.replay.Replayer;
import io.recast.engine.internal.runtime.ArtifactNames;
import io.recast.engine.internal.runtime.Cancellation;
import io.recast.engine.internal.runtime.GuardedListener;
import io.recast.engine.internal.runtime.Progress;
import io.recast.engine.internal.shadow.IndexBuilds;
import io.recast.engine.internal.shadow.ShadowIndexSql;
import io.recast.engine.internal.shadow.ShadowSql;
import io.recast.engine.internal.sql.Jdbc;
import io.recast.engine.internal.sql.Sessions;
import io.recast.engine.internal.throttle.Replicas;
import io.recast.engine.internal.throttle.Throttler;
import io.recast.engine.internal.verify.Verifier;
import io.recast.engine.internal.verify.VerifySql;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One rewrite of one table (repack, or alter's copy): the only class that knows the order of the
 * steps, which {@link #steps()} lists once for both the run and {@code --dry-run}.
 */
public final class TableRun {
    private static final Logger LOG = LoggerFactory.getLogger(TableRun.class);

    private final DataSource ds;
    private final RewritePlan plan;
    private final RewriteListener listener;
    private final Cancellation cancel;
    private final Clock clock;
    private final Progress progress;
    private final Consumer<String> warn;
    private final Replayer replayer;
    private JobMonitor monitor;
    private CatchUp catchUp;

    // what the steps of this run hand on to the next ones
    private JobLock lock;
    private Connection worker;
    private long jobId = -1;
    private String fingerprint;
    private double copyEnded;
    private Verifier verifier;
    private Cutover.Swap swap;
    private long sizeAfter;

    private StoppedJob resume;
    private Properties replicaLogin = new Properties();

    /** User and password for the options' replica URLs. */
    public TableRun replicaLogin(Properties login) {
        this.replicaLogin = login;
        return this;
    }

    /** Goes on with the stopped job {@code r} instead of starting one. */
    TableRun resuming(StoppedJob r) {
        this.resume = r;
        return this;
    }

    public TableRun(DataSource ds, RewritePlan plan, RewriteListener listener, Cancellation cancel, Clock clock) {
        this.ds = ds;
        this.plan = plan;
        this.listener = GuardedListener.wrap(listener);
        this.cancel = cancel;
        this.clock = clock;
        this.progress = new Progress(plan.table().displayName(), this.listener, clock);
        this.replayer = new Replayer(plan.table(), plan.names());
        this.warn = message -> {
            LOG.warn("{}: {}", plan.table().displayName(), message);
            this.listener.warning(plan.table().displayName(), message);
        };
    }

    /** One step of a run: what {@code --dry-run} shows of it, and what the run does. */
    private record Step(Phase phase, String action, String lock, List<String> sql, boolean once, Body body) {
        PlannedStep planned() {
            return new PlannedStep(phase, action, lock, sql);
        }
    }

    /** What a step does, on the worker connection of the run. */
    @FunctionalInterface
    private interface Body {
        void run() throws SQLException;
    }

    /**
     * The steps in the order the run takes them: the only place that knows the order. A step
     * marked {@code once} is skipped by a resumed job whose phase is past it; the others run again.
     */
    private List<Step> steps() {
        TableDefinition t = plan.table();
        ArtifactNames n = plan.names();
        RewriteOptions o = plan.options();
        String lockTimeout = o.cutover().lockTimeout().toMillis() + "ms";
        List<Step> out = new ArrayList<>();
        out.add(new Step(Phase.PREPARE, "create the recast schema and job table if missing", "none",
                List.of(ChangelogSql.createSchema(), JobSql.createJobs()), false, this::openJob));
        out.add(new Step(Phase.PREPARE, "create the change log and its trigger function", "none",
                List.of(ChangelogSql.createLog(t, n), ChangelogSql.createFunction(t, n)), true,
                () -> ChangeLog.createLog(worker, t, n)));
        out.add(new Step(Phase.PREPARE, plan.alter() == null ? "create the shadow table"
                : "create the shadow table and apply the changes to it", "none", plan.createShadow(), true,
                () -> Jdbc.execAll(worker, "shadow", plan.createShadow())));
        out.add(new Step(Phase.PREPARE, "install the change-log triggers", "SHARE ROW EXCLUSIVE for milliseconds, "
                + "lock_timeout " + lockTimeout + ", up to " + o.cutover().maxAttempts() + " attempts",
                ChangeLog.triggerStatements(t, n), true, () -> ChangeLog.installTriggers(worker, t, n,
                o.cutover().lockTimeout(), o.cutover().maxAttempts(), cancel, warn)));
        out.add(new Step(Phase.BACKFILL, Backfill.describe(o.backfill()), o.backfill().orderBy().isEmpty()
                ? "ACCESS SHARE (reads only)" : "ACCESS SHARE (reads only), for the whole copy: its one read",
                Backfill.statements(t, n, o.backfill()), true, this::backfill));
        out.add(new Step(Phase.INDEX, "build the key's index on the shadow", "none",
                ShadowIndexSql.keyIndex(plan.target(), n), true, this::buildKeyIndex));
        List<String> others = new ArrayList<>(List.of("-- replay the change log until it is empty, the last of it in "
                + "one snapshot:", ReplaySql.ONE_SNAPSHOT));
        others.addAll(ShadowIndexSql.otherIndexes(plan.target(), n));
        out.add(new Step(Phase.INDEX, "bring the shadow up to date, then build the other indexes and constraints"
                + (o.index().jobs() > 1 ? " (the plain indexes up to " + o.index().jobs() + " at a time, on as many "
                + "sessions)" : ""), "ACCESS SHARE (reads only)", others, true, this::buildOtherIndexes));
        out.add(new Step(Phase.CATCH_UP, "replay the change log, " + o.replay().batchRows() + " rows per transaction, "
                + "until at most " + o.replay().cutOverBacklog() + " wait; then analyze", "ACCESS SHARE (reads only)",
                List.of(ReplaySql.fetch(t, n), ReplaySql.deleteShadow(t, n), ReplaySql.insertShadow(t, n),
                        ReplaySql.deleteLog(n), ShadowSql.analyze(n)), false, this::catchUpAndAnalyze));
        if (o.verify()) {
            out.add(new Step(Phase.VERIFY, "compare the shadow with the table in one REPEATABLE READ snapshot, "
                    + Verifier.CHUNK_ROWS + " keys per chunk, except the rows whose keys are "
                    + "in the change log; compare the rows replayed since in fresh snapshots, the last of them "
                    + "in the swap, after the log is drained", "ACCESS SHARE (reads only); one snapshot held "
                    + "for the whole pass", List.of(VerifySql.snapshot(),
                    VerifySql.loggedKeys(t, n),
                    VerifySql.nextBound(t, true),
                    VerifySql.fingerprint(t, n, true, true),
                    "-- only for a chunk whose fingerprints differ:",
                    VerifySql.differences(t, n, true, true),
                    "-- the rows replayed since (outside the lock; in the swap without the NOT EXISTS):",
                    VerifySql.compareKeys(t, n, true)), false, () -> verifier = catchUp.verify(worker)));
        }
        out.add(new Step(Phase.CUT_OVER, "swap in one transaction", "ACCESS EXCLUSIVE: waits at most "
                + lockTimeout + ", held at most " + o.cutover().maxLockHold().toMillis() + "ms; up to "
                + o.cutover().maxAttempts() + " attempts", CutoverSql.planned(plan.table(), plan.target(), plan.names(), o.cutover()), false,
                this::swap));
        List<String> after = new ArrayList<>(CutoverSql.validateForeignKeys(plan.target()));
        if (!o.keepOld()) {
            after.add(CutoverSql.dropOld(n));
        }
        out.add(new Step(Phase.CLEANUP, "validate foreign keys" + (o.keepOld() ? "" : ", drop the old table"),
                "SHARE UPDATE EXCLUSIVE while validating", after, false, this::afterSwap));
        return out;
    }

    /** Every step with its SQL and the lock it takes, as the run takes them: {@code --dry-run}. */
    public static List<PlannedStep> dryRun(RewritePlan plan) {
        return new TableRun(null, plan, RewriteListener.NONE, new Cancellation(), Clock.systemUTC()).steps().stream()
                .map(Step::planned).toList();
    }

    /**
     * Runs the rewrite: the steps in turn, under the job lock, on one worker connection. A lost
     * session (or a server restart) is ridden out by {@link Reconnect}: the run goes on from what the
     * job row says was committed. Any other failure before the swap commits removes every artifact
     * and leaves the table as it was; the first error is the one reported.
     */
    public RewriteResult run() {
        Reconnect reconnect = new Reconnect(ds, plan, cancel, warn);
        while (true) {
            try {
                return runOnce(reconnect);
            } catch (Reconnect.SessionLost lost) {
                resume = reconnect.after(lost.sqlCause(), jobId, lost.lockPid(), progress.phase().label());
                if (resume != null && resume.phase() == Phase.CLEANUP && swap == null) {
                    // the swap committed, but the session was lost before it said so
                    swap = new Cutover.Swap(Duration.ZERO, Duration.ZERO, 0, Duration.ZERO);
                }
                jobId = resume == null ? -1 : jobId;
            }
        }
    }

    private RewriteResult runOnce(Reconnect reconnect) {
        TableDefinition t = plan.table();
        ArtifactNames n = plan.names();
        RewriteOptions o = plan.options();
        ThrottleOptions th = o.throttle();
        int lockPid = 0;
        try (JobLock lock = JobLock.acquire(ds, n, t.displayName());
             Worker w = new Worker(Sessions.open(ds, "worker"));
             JobMonitor monitor = new JobMonitor(ds, t.oid(), n, th, new Replicas(th.replicaUrls(), replicaLogin),
                     clock, warn)) {
            lockPid = lock.pid();
            monitor.guard(lock);
            this.monitor = monitor;
            this.catchUp = new CatchUp(plan, replayer, monitor, progress, cancel, warn, clock);
            this.lock = lock;
            this.worker = w.c;
            progress.estimate(t.rowEstimate());
            monitor.checkSignals();
            if (resume == null) {
                Leftovers.refuse(worker, t.oid(), t.displayName(), "recast." + n.shadow());
            }
            // compared under the cut-over's lock: DDL from here on would be missed by the copy
            fingerprint = TableInspector.fingerprint(worker, t.oid());
            if (resume != null && resume.phase() != Phase.CLEANUP && !fingerprint.equals(resume.definitionHash())) {
                throw new NotEligibleException("resume", t.displayName(), List.of("its definition changed since the "
                        + "job stopped (DDL the copy does not have); remove the job with recast cleanup --table "
                        + t.displayName() + " and run repack again"));
            }
            Phase from = resume == null ? Phase.PREPARE : resume.phase();
            try {
                for (Step step : steps()) {
                    boolean openJob = step.phase() == Phase.PREPARE && !step.once();
                    if (step.phase().ordinal() < from.ordinal() && !openJob
                            && (step.once() || from == Phase.CLEANUP)) {
                        continue;
                    }
                    enter(step.phase());
                    step.body().run();
                }
                progress.phase(Phase.DONE);
                return new RewriteResult(t.displayName(), progress.rowsCopied(), progress.rowsReplayed(),
                        progress.durations(), progress.elapsed(), swap.lockWait(), swap.lockHold(), swap.attempts(),
                        t.totalBytes(), sizeAfter, o.keepOld() ? n.qOld() : null, swap.longestQueuedWait(), List.of());
            } catch (SQLException | RuntimeException e) {
                if (reconnect.applies(e)) {
                    throw new Reconnect.SessionLost(e, lockPid);
                }
                RewriteException failure = Failures.wrap(e, progress.phase(), plan, cancel);
                if (swap == null) {
                    Failures.abandon(ds, plan, worker, lock, jobId, failure, cancel, warn);
                }
                throw failure;
            }
        } catch (SQLException e) {
            if (reconnect.applies(e)) {
                throw new Reconnect.SessionLost(e, lockPid);
            }
            throw Failures.wrap(e, progress.phase(), plan, cancel);
        }
    }

    /** A new phase: the progress line, and the job row that `recast status` and `recast resume` read. */
    private void enter(Phase p) throws SQLException {
        if (p == progress.phase()) {
            return;
        }
        if (p != Phase.PREPARE && p != Phase.CLEANUP) {
            JobTable.phase(worker, jobId, p); // first: when a phase starts, its job row says so
        }
        progress.phase(p);
    }

    /** The recast schema and the job's row: a new one, or the stopped job's, which this process adopts. */
    private void openJob() throws SQLException {
        ChangeLog.ensureSchema(worker);
        TableDefinition t = plan.table();
        if (resume == null) {
            jobId = JobTable.insert(worker, t.oid(), t.displayName(), Phase.PREPARE,
                    OptionsCodec.encode(plan.request()), fingerprint);
            monitor.job(jobId);
            return;
        }
        jobId = resume.jobId();
        JobTable.adopt(worker, jobId);
        monitor.job(jobId);
        progress.resumedAt(resume.rowsCopied(), resume.rowsReplayed());
        warn.accept("resuming job " + jobId + " from its " + resume.phase().label() + " phase"
                + (resume.phase() == Phase.BACKFILL && resume.lastKey() != null ? Backfill.resumes(resume.lastKey()) : "")
                + (resume.phase() == Phase.CLEANUP ? "" : "; the trigger logged every change meanwhile"));
    }

    private void backfill() throws SQLException {
        BackfillOptions b = plan.options().backfill();
        new Backfill(plan.table(), plan.names(), new BatchSizer(b.batchRows(), b.targetBatchTime(), b.minBatchRows(),
                b.maxBatchRows()), monitor, b.order()).method(b.method(), plan.target(), () -> Sessions.open(ds,
                "copy reader"), warn).orderBy(b.orderBy()).run(worker, jobId, new Throttler(b.maxRowsPerSecond(), b.batchPause(), clock),
                progress, cancel, resume == null ? null : resume.lastKey());
    }

    /** The key's index first: the replay finds rows by it. A resumed job builds every index again. */
    private void buildKeyIndex() throws SQLException {
        List<String> statements = new ArrayList<>();
        if (resume != null && resume.phase() == Phase.INDEX) {
            // the earlier process may have built some of them: all of them again, from scratch
            statements.addAll(ShadowIndexSql.undoAfterBackfill(plan.target(), plan.names()));
        }
        statements.addAll(ShadowIndexSql.keyIndex(plan.target(), plan.names()));
        runIndexStatements(statements);
    }

    /**
     * The other indexes once the shadow holds the table's rows as of one snapshot: a row the copy read
     * before a write gave its unique value to another row would otherwise stand beside that row.
     */
    private void buildOtherIndexes() throws SQLException {
        catchUp.drain(worker);
        int jobs = plan.options().index().jobs();
        List<List<String>> builds = jobs > 1 ? ShadowIndexSql.builds(plan.target(), plan.names()) : List.of();
        if (builds.size() > 1) {
            IndexBuilds.run(ds, worker, builds, jobs, cancel);
        }
        runIndexStatements(ShadowIndexSql.otherIndexes(plan.target(), plan.names(), builds.size() > 1));
    }

    private void runIndexStatements(List<String> statements) throws SQLException {
        for (String s : statements) {
            cancel.check();
            cancel.running(worker);
            try {
                Jdbc.exec(worker, "index", s);
            } finally {
                cancel.running(null);
            }
        }
    }

    private void catchUpAndAnalyze() throws SQLException {
        // snapshots older than this would read the new table without the copy's later batches
        copyEnded = Jdbc.queryOne(worker, RunSql.NOW, rs -> rs.getDouble(1)).orElseThrow();
        long target = plan.options().replay().cutOverBacklog();
        catchUp.toBacklog(worker, target);
        Jdbc.exec(worker, "analyze", ShadowSql.analyze(plan.names()));
        catchUp.toBacklog(worker, target);
        catchUp.awaitCutOver(worker);
    }

    private void swap() throws SQLException {
        lock.verify(); // no swap without the job lock
        RewriteOptions o = plan.options();
        swap = new Cutover(ds, plan.table(), plan.names(), o.cutover(), o.replay().batchRows(), clock)
                .target(plan.target()).copyEnded(copyEnded).expectDefinition(fingerprint).verifying(verifier)
                .run(jobId, progress, cancel, warn, () -> catchUp.toBacklogUnchecked(worker, o.replay().cutOverBacklog()));
        plan.table().materializedViews().stream().filter(m -> m.populated()).forEach(m -> warn.accept("materialized "
                + "view " + m.qualified() + " was built again in the swap: its contents are a fresh refresh"));
    }

    /** The connection of the backfill, the index builds and the replay; closed clean. */
    private record Worker(Connection c) implements AutoCloseable {
        @Override
        public void close() {
            Sessions.close(c);
        }
    }

    /**
     * After the commit: foreign keys validated without blocking writes, the old table dropped, the
     * job row finished (unless the old table is still there for a later cleanup to find).
     */
    private void afterSwap() throws SQLException {
        TableDefinition t = plan.table();
        ArtifactNames n = plan.names();
        boolean keepOld = plan.options().keepOld();
        boolean oldGone = AfterSwap.run(worker, plan.target(), n, t.displayName(), plan.options().cutover(), keepOld,
                cancel, warn);
        sizeAfter = Jdbc.queryLong(worker, RunSql.TOTAL_SIZE, t.qualified());
        if (keepOld || oldGone) {
            // an unfinished job is what lets a later cleanup find the old table
            JobTable.finish(worker, jobId, keepOld ? "done; old table kept as " + n.qOld() : "done");
        }
        Cleanup.dropSchemaIfIdle(lock.connection());
    }
}
