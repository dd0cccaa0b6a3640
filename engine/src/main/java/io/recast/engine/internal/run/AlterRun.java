package io.recast.engine.internal.run;

import io.recast.engine.api.Alteration;
import io.recast.engine.api.RewriteException;
import io.recast.engine.api.RewriteListener;
import io.recast.engine.api.RewriteResult;
import io.recast.engine.internal.alter.AlterPlanner;
import io.recast.engine.internal.alter.ConversionCheck;
import io.recast.engine.internal.plan.Planner;
import io.recast.engine.internal.plan.RewritePlan;
import io.recast.engine.internal.plan.RewriteRequest;
import io.recast.engine.internal.runtime.Cancellation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * recast alter: every table it will change (the table, then with {@code cascadeTypes} the columns
 * that reference its changed keys) planned and its conversion checked before the first run starts;
 * then each run in turn. The result is the table's; each further table's is reported to the
 * listener as it finishes.
 */
final class AlterRun {
    private final RunContext ctx;
    private final Planner planner;
    private final RewriteListener listener;
    private final Cancellation cancellation;

    AlterRun(RunContext ctx) {
        this.ctx = ctx;
        this.planner = ctx.planner();
        this.listener = ctx.listener();
        this.cancellation = ctx.cancellation();
    }

    RewriteResult run(RewritePlan plan) {
        List<RewritePlan> cascades = new ArrayList<>();
        for (AlterPlanner.Cascade c : plan.alter().cascades()) {
            cascades.add(planner.plan(cascadeRequest(plan.request(), c)));
        }
        String name = plan.table().displayName();
        Consumer<String> info = m -> listener.warning(name, m);
        for (RewritePlan p : concat(plan, cascades)) {
            ConversionCheck.run(ctx.dataSource(), p.table(), p.alter(), p.request().alteration(), cancellation, info);
        }
        RewriteResult result = ctx.table(plan).run();
        cascade(plan);
        return result;
    }

    /** With cascadeTypes, after the table: each referencing column changed to the new type, in turn. */
    void cascade(RewritePlan plan) {
        String name = plan.table().displayName();
        List<String> done = new ArrayList<>();
        for (AlterPlanner.Cascade c : plan.alter().cascades()) {
            try {
                cancellation.check();
                RewriteResult r = ctx.table(planner.plan(cascadeRequest(plan.request(), c))).run();
                done.add(c.table() + "." + c.column());
                listener.warning(name, "--cascade-types: " + c.table() + "." + c.column() + " is " + c.type() + " now ("
                        + r.rowsCopied() + " rows copied, lock held " + r.lockHold().toMillis() + "ms)");
            } catch (RewriteException e) {
                e.addNote(name + " was altered" + (done.isEmpty() ? "" : ", and " + String.join(", ", done))
                        + "; the foreign keys still referencing it with the old type keep working (the types "
                        + "compare); run recast alter on the rest");
                throw e;
            }
        }
    }

    private static RewriteRequest cascadeRequest(RewriteRequest r, AlterPlanner.Cascade c) {
        Alteration a = new Alteration(List.of(c.change()),
                Map.of(), true, r.alteration().checkSample());
        return new RewriteRequest(c.table(), a, r.options());
    }

    private static List<RewritePlan> concat(RewritePlan first, List<RewritePlan> rest) {
        List<RewritePlan> out = new ArrayList<>(List.of(first));
        out.addAll(rest);
        return out;
    }
}
