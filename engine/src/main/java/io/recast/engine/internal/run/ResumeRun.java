package io.recast.engine.internal.run;

import io.recast.engine.api.CleanupOptions;
import io.recast.engine.api.CleanupReport;
import io.recast.engine.api.DatabaseException;
import io.recast.engine.api.NotEligibleException;
import io.recast.engine.api.Phase;
import io.recast.engine.api.RewriteResult;
import io.recast.engine.internal.catalog.TableInspector;
import io.recast.engine.internal.cleanup.Leftovers;
import io.recast.engine.internal.job.JobTable;
import io.recast.engine.internal.job.OptionsCodec;
import io.recast.engine.internal.history.History;
import io.recast.engine.internal.plan.Planner;
import io.recast.engine.internal.plan.RewritePlan;
import io.recast.engine.internal.plan.RewriteRequest;
import io.recast.engine.internal.sql.Sessions;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * recast resume: goes on with a job whose process died, from what it committed.
 */
public final class ResumeRun {
    private final RunContext ctx;

    public ResumeRun(RunContext ctx) {
        this.ctx = ctx;
    }

    /**
     * Goes on with the unfinished job on the table whose process died, with the request it was
     * started with: the backfill from the last key it committed, the index builds from scratch, the
     * catch-up and the cut-over as they come. A job that stopped while preparing is removed and
     * started again; one whose swap had committed only needs its old table removed.
     */
    public RewriteResult run(String table) {
        ctx.cancellation().check();
        Connection c = null;
        StoppedJob job;
        String name;
        Leftovers left;
        try {
            c = Sessions.open(ctx.dataSource(), "resume");
            long oid = new TableInspector().resolve(c, table);
            name = Planner.qualifiedName(c, oid);
            List<long[]> unfinished = JobTable.unfinished(c, oid, name); // empty too when there is no job table
            if (unfinished.isEmpty()) {
                throw new NotEligibleException("resume", name, List.of("no unfinished recast job works on it"));
            }
            job = StoppedJob.read(c, unfinished.get(0)[1]).orElseThrow();
            left = Leftovers.of(c, unfinished.get(0)[1]);
        } catch (SQLException e) {
            throw new DatabaseException("resuming " + table + " failed", e);
        } finally {
            Sessions.close(c);
        }
        if (job.alive()) {
            throw new NotEligibleException("resume", name, List.of("its job " + job.jobId() + " is still running; "
                    + "recast resume --table " + name + " goes on with it if it is paused"));
        }
        if (job.options() == null || job.definitionHash() == null) {
            throw new NotEligibleException("resume", name, List.of("its job " + job.jobId() + " was started by an older "
                    + "version that kept no options: recast cleanup --table " + name + ", then repack again"));
        }
        RewriteRequest request;
        try {
            request = OptionsCodec.decode(job.options());
        } catch (IllegalArgumentException e) {
            throw new NotEligibleException("resume", name, List.of("its job " + job.jobId() + " was started by another "
                    + "version, whose options this one cannot read: recast cleanup --table " + name + ", then repack again"));
        }
        if (job.swapped()) {
            CleanupReport report = new CleanupRun(ctx).run(table, CleanupOptions.defaults());
            ctx.listener().warning(name, "the swap of job " + job.jobId() + " had committed before its process stopped; "
                    + "removed what was left (" + String.join(", ", report.dropped()) + "); foreign keys it "
                    + "re-added NOT VALID stay so until validated (ALTER TABLE ... VALIDATE CONSTRAINT)");
            return new RewriteResult(name, 0, 0, Map.of(), Duration.ZERO, Duration.ZERO,
                    Duration.ZERO, 0, 0, 0, null);
        }
        Phase phase = job.phase();
        if (phase.ordinal() <= Phase.PREPARE.ordinal()) {
            ctx.listener().warning(name, "job " + job.jobId() + " stopped while preparing: removing it and starting again");
            new CleanupRun(ctx).run(table, CleanupOptions.defaults());
            return new RepackRun(ctx).run(request);
        }
        List<String> missing = left.missingForResume();
        if (!missing.isEmpty()) {
            // a run that gave up and could not remove everything (a trigger it could not drop) leaves its
            // job row for the clean-up to find: nothing it needs to go on may be missing
            throw new NotEligibleException("resume", name, List.of("its job " + job.jobId() + " cannot go on: "
                    + String.join(", ", missing) + "; remove what is left with recast cleanup --table " + name
                    + ", then run repack again"));
        }
        RewritePlan plan = ctx.planner().plan(request);
        History.Entry entry = ctx.history().start(name, "resume", null);
        try {
            RewriteResult result = ctx.table(plan)
                    .resuming(job)
                    .run();
            if (plan.alter() != null) {
                new AlterRun(ctx).cascade(plan); // an alter's --cascade-types, which the process that died did not reach
            }
            entry.done(result.sizeAfter() > 0 ? result.sizeAfter() : -1, result.lockHold());
            return result;
        } catch (RuntimeException e) {
            entry.failed(e);   // an Error ends the process's work as a kill would: the entry stays "running"
            throw e;
        }
    }
}
