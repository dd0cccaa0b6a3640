package io.recast.engine.internal.run;

import io.recast.engine.api.Alteration;
import io.recast.engine.api.DdlPlan;
import io.recast.engine.api.MigrateOptions;
import io.recast.engine.api.MigrationListener;
import io.recast.engine.api.MigrationResult;
import io.recast.engine.api.RewriteOptions;
import io.recast.engine.internal.ddl.DdlMigrations;
import io.recast.engine.internal.plan.RewriteRequest;
import java.util.Map;

/**
 * recast plan and recast migrate: the statements of a script planned, then run without holding
 * locks that stall the application; a statement that rewrites its table goes through the same
 * online rewrite as recast alter, with the given options.
 */
public final class MigrateRun {
    private final RunContext ctx;
    private final DdlMigrations ddl;

    public MigrateRun(RunContext ctx) {
        this.ctx = ctx;
        this.ddl = new DdlMigrations(ctx.dataSource(), ctx.cancellation());
    }

    public DdlPlan plan(String script) {
        return ddl.plan(script);
    }

    public MigrationResult migrate(String script, MigrateOptions options, RewriteOptions rewrites,
                                   MigrationListener listener) {
        return ddl.migrate(script, options, listener, (table, changes) -> new RepackRun(ctx).run(
                new RewriteRequest(table, new Alteration(changes, Map.of(), false, null), rewrites)));
    }
}
