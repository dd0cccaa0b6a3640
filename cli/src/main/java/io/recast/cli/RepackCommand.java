package io.recast.cli;

import io.recast.engine.Recast;
import io.recast.engine.api.CopyMethod;
import io.recast.engine.api.CopyOrder;
import io.recast.engine.api.RewriteOptions;
import io.recast.engine.api.RewriteResult;
import io.recast.engine.api.Alteration;
import io.recast.engine.api.DryRun;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code recast repack --table T}: rewrites the table online (or, with {@code --dry-run}, prints
 * the plan). Progress goes to stderr, the result to stdout. SIGINT and SIGTERM cancel the run,
 * which then removes what it created before the process exits with 6.
 */
@Command(name = "repack", sortOptions = false, defaultValueProvider = OptionDefaults.class,
        description = "Rewrite a table online: copy it into a new table in short batches, replay the changes made "
                + "meanwhile, and swap the two in one short transaction. A partition is detached and the new "
                + "table attached in the swap (its parent is locked for that moment too); a partitioned table "
                + "means each of its partitions in turn.",
        footer = {"%nDurations take a unit: 200ms, 5s, 2m, 1h (or sums such as 1m30s).",
            "The exit codes are listed in 'recast --help'."})
public class RepackCommand extends DatabaseCommand {
    @Mixin
    TableOption table;

    @Mixin
    RewriteOptionsMixin rewrite;

    @Option(names = "--dry-run",
            description = "Print every step with its lock and SQL, and change nothing.")
    boolean dryRun;

    @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "text",
            description = "text or json: how the result (with --dry-run: the plan) is printed on stdout "
                    + "(default: ${DEFAULT-VALUE}).")
    OutputFormat output;

    @Mixin
    MetricsOptions metrics;

    @Override
    int run(Database db) {
        RewriteOptions options = options();
        PrintWriter out = out();
        if (dryRun) {
            List<DryRun> plans = Recast.builder(db.pool()).build().dryRun(table.name, alteration(), options);
            if (output == OutputFormat.json) {
                out.print((plans.size() == 1 ? JsonRenderer.plan(plans.get(0))
                        : plans.stream().map(JsonRenderer::plan).collect(Collectors.joining(",", "[", "]"))) + "\n");
            } else {
                plans.forEach(p -> out.print(TextRenderer.plan(p)));
            }
            out.flush();
            return ExitCodes.OK;
        }
        ProgressPrinter progress = new ProgressPrinter(err(), System.console() != null, Clock.systemUTC());
        // the index builds' extra sessions
        db.pool().setMaximumPoolSize(ConnectionSettings.MAX_POOL_SIZE + options.index().jobs() - 1);
        Recast rewriter = Recast.builder(db.pool()).listener(metrics.listener(progress))
                .replicaLogin(db.settings().user(), db.settings().password()).build();
        RewriteResult result;
        try (MetricsServer server = metrics.serve(); ShutdownGuard guard = ShutdownGuard.install(rewriter, progress)) {
            result = alteration() == null ? rewriter.repack(table.name, options)
                    : rewriter.alter(table.name, alteration(), options);
        } finally {
            progress.finish();
        }
        out.print(output == OutputFormat.json ? JsonRenderer.result(result) + "\n" : TextRenderer.result(result));
        out.flush();
        return ExitCodes.OK;
    }

    /** The options as given; the engine validates them (InvalidOptionsException: exit 2). */
    RewriteOptions options() {
        return configure(RewriteOptions.builder()).build();
    }

    /** What recast alter changes; null for repack. */
    Alteration alteration() {
        return null;
    }

    /** The builder with every option of repack applied. */
    final RewriteOptions.Builder configure(RewriteOptions.Builder b) {
        return rewrite.configure(b);
    }
}
