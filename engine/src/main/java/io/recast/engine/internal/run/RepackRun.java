package io.recast.engine.internal.run;

import io.recast.engine.api.CheckOptions;
import io.recast.engine.api.DryRun;
import io.recast.engine.api.RewriteException;
import io.recast.engine.api.RewriteResult;
import io.recast.engine.internal.check.Preflight;
import io.recast.engine.internal.history.History;
import io.recast.engine.internal.plan.RewritePlan;
import io.recast.engine.internal.plan.RewriteRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * recast repack (and alter): planned (a partitioned table means each of its leaves), the pre-flight
 * enforced, then one {@link TableRun} per table; alter goes on in {@link AlterRun}.
 */
public final class RepackRun {
    private final RunContext ctx;

    public RepackRun(RunContext ctx) {
        this.ctx = ctx;
    }

    /**
     * Runs the pre-flight first: refuses on its FAIL items, passes its WARN items to the listener.
     * A partitioned table's partitions are rewritten in turn, each planned again right before its run.
     */
    public RewriteResult run(RewriteRequest request) {
        return run(request, (Long) null);
    }

    /**
     * As {@link #run(RewriteRequest)}, recorded in the history as part of the maintain run given
     * (null: run by hand). The history records it once the table is planned: from then on, its
     * refusal by the pre-flight check, its failure or its result.
     */
    public RewriteResult run(RewriteRequest request, Long maintainRun) {
        ctx.cancellation().check();
        List<RewritePlan> plans = ctx.planner().plans(request);
        History.Entry entry = ctx.history().start(displayName(request.table()),
                request.alteration() == null ? "repack" : "alter", maintainRun);
        try {
            RewriteResult result = runPlanned(request, plans);
            entry.done(result.sizeAfter() > 0 ? result.sizeAfter() : -1, result.lockHold());
            return result;
        } catch (RuntimeException e) {
            entry.failed(e);   // an Error ends the process's work as a kill would: the entry stays "running"
            throw e;
        }
    }

    private RewriteResult runPlanned(RewriteRequest request, List<RewritePlan> plans) {
        Instant start = ctx.clock().instant();
        new Preflight(ctx.dataSource(), CheckOptions.defaults()).enforce(request.table(), request.options(), plans,
                ctx.listener());
        if (request.alteration() != null) {
            return new AlterRun(ctx).run(plans.get(0));
        }
        if (plans.size() == 1 && plans.get(0).request().table().equals(request.table())) {
            return ctx.table(plans.get(0)).run();
        }
        List<RewriteResult> done = new ArrayList<>();
        for (RewritePlan p : plans) {
            try {
                ctx.cancellation().check();
                done.add(ctx.table(ctx.planner().plan(p.request())).run());
            } catch (RewriteException e) {
                e.addNote(done.isEmpty() ? "No partition of " + request.table() + " was repacked."
                        : "Partitions already repacked: " + String.join(", ", done.stream().map(RewriteResult::table)
                                .toList()) + "; the others are unchanged.");
                throw e;
            }
        }
        return RewriteResult.ofPartitions(request.table(), done, Duration.between(start, ctx.clock().instant()));
    }

    /** What a run would do, table by table (each partition of a partitioned one), step by step; changes nothing. */
    public List<DryRun> dryRun(RewriteRequest request) {
        return ctx.planner().plans(request).stream().map(p -> new DryRun(p.table().displayName(),
                p.table().rowEstimate(), p.table().totalBytes(), TableRun.dryRun(p))).toList();
    }

    /** The plans a run would make, for the pre-flight check. */
    public List<RewritePlan> plans(RewriteRequest request) {
        return ctx.planner().plans(request);
    }

    public String displayName(String table) {
        return ctx.planner().displayName(table);
    }
}
