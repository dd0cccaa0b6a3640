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

    @Option(names = "--batch-size", paramLabel = "N",
            description = "Rows copied per backfill transaction (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--copy-order", paramLabel = "ORDER",
            description = "How the backfill reads the table: 'physical', by ranges of its blocks as they lie on disk "
                    + "(a sequential read, as fast as one INSERT ... SELECT; rows an update moves meanwhile are left to "
                    + "the replay; PostgreSQL 14+, key order on 13), or 'key', through the key's index, which leaves "
                    + "the new table's rows in key order, as pg_repack does (default: ${DEFAULT-VALUE}).")
    CopyOrder copyOrder;

    @Option(names = "--copy-method", paramLabel = "METHOD",
            description = "How the physical copy writes a batch: 'copy', binary COPY from a second session (the rows pass "
                    + "through recast; the server writes the new table through a small ring of buffers and hands the "
                    + "kernel every 256 kB, so no gigabyte of dirty pages is left for the kernel to write in one burst "
                    + "after the run, stalling the application, and the application's cached pages stay cached), or "
                    + "'insert', INSERT ... SELECT in one session. 'copy' falls back to 'insert' for a type without "
                    + "binary input or output, a converted column, or when no second session can be opened; key order "
                    + "uses 'insert' (default: ${DEFAULT-VALUE}).")
    CopyMethod copyMethod;

    @Option(names = "--jobs", paramLabel = "N",
            description = "Sessions that build the new table's indexes at once, after the key's index, which is built "
                    + "first, alone (as pg_repack's --jobs); each build uses the server's maintenance_work_mem, so N "
                    + "builds may use N times it, and they share the server's CPU and disks with the application "
                    + "(default: ${DEFAULT-VALUE}: one after another).")
    int jobs;

    @Option(names = "--order-by", paramLabel = "COLUMNS", split = ",",
            description = "Leave the new table's rows sorted by these columns (comma-separated names as the catalog has "
                    + "them; ascending, NULLs last), as pg_repack's --order-by does, for tables read in ranges of them. "
                    + "The copy reads the table sorted in one statement (one snapshot, and the table's ACCESS SHARE lock "
                    + "for the whole copy, as pg_repack's: a DDL on the table waits for it; the sort uses "
                    + "maintenance_work_mem) and writes it in batches; a resumed run copies again from the start. Rows "
                    + "the application changes during the run go where there is room. Replaces --copy-order "
                    + "(default: the rows as --copy-order reads them).")
    List<String> orderBy;

    @Option(names = "--max-rows-per-second", paramLabel = "N",
            description = "Limit of the backfill's copy rate; 0 means no limit (default: ${DEFAULT-VALUE}).")
    long maxRowsPerSecond;

    @Option(names = "--batch-pause", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Pause after every backfill batch (default: ${DEFAULT-VALUE}).")
    Duration batchPause;

    @Option(names = "--replay-batch", paramLabel = "N",
            description = "Change-log rows applied per replay transaction (default: ${DEFAULT-VALUE}).")
    int replayBatch;

    @Option(names = "--lock-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "lock_timeout of each cut-over attempt and of the trigger installation "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration lockTimeout;

    @Option(names = "--max-attempts", paramLabel = "N",
            description = "Lock attempts (cut-over, trigger installation) before giving up with the table "
                    + "untouched (default: ${DEFAULT-VALUE}).")
    int maxAttempts;

    @Option(names = "--cut-over-backlog", paramLabel = "N",
            description = "Start the cut-over only when at most N change-log rows wait (default: ${DEFAULT-VALUE}).")
    long cutOverBacklog;

    @Option(names = "--max-lock-hold", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "statement_timeout inside the swap transaction: bounds how long the exclusive lock "
                    + "is held (default: ${DEFAULT-VALUE}).")
    Duration maxLockHold;

    @Option(names = "--reconnect-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "When a session of the run is lost (terminated, closed, the server restarted or failed "
                    + "over), reconnect with backoff for at most this long and go on from what was committed; "
                    + "0 stops the run instead, keeping its work for 'recast resume' (default: ${DEFAULT-VALUE}).")
    Duration reconnectTimeout;

    @Option(names = "--drop-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long each drop of the clean-up after a failed run retries (each attempt under "
                    + "--lock-timeout) before what it could not drop is left harmless and reported "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration dropTimeout;

    @Option(names = "--keep-old",
            description = "Keep the old table (as recast.old_<oid>) instead of dropping it.")
    boolean keepOld;

    @Option(names = "--rebuild-materialized-views",
            description = "Rebuild the materialized views that read the table whatever their queries cost. "
                    + "PostgreSQL cannot re-point one, so the swap builds it again, running its query under the "
                    + "exclusive lock: set --max-lock-hold above the time its REFRESH takes. Without this option "
                    + "they are rebuilt when their queries, timed before anything is created, fit (twice over) in "
                    + "half of --max-lock-hold; otherwise the table is refused, naming each view and its time.")
    boolean rebuildMaterializedViews;

    @Option(names = "--verify",
            description = "Before the swap, compare the new table with the old one: one REPEATABLE READ pass "
                    + "over both (the rows changed meanwhile are compared again, the last of them under the "
                    + "swap's lock). It reads the table and the new one once more and holds one snapshot for "
                    + "that long, which keeps vacuum from removing rows deleted or updated meanwhile, in every "
                    + "table. A difference stops the run with exit code 8 and the table untouched.")
    boolean verify;

    @Option(names = "--dry-run",
            description = "Print every step with its lock and SQL, and change nothing.")
    boolean dryRun;

    @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "text",
            description = "text or json: how the result (with --dry-run: the plan) is printed on stdout "
                    + "(default: ${DEFAULT-VALUE}).")
    OutputFormat output;

    @Mixin
    ThrottleOptions throttle;

    @Mixin
    CutOverOptions cutOver;

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
        throttle.applyTo(b);
        cutOver.applyTo(b);
        return b
                .batchRows(batchSize)
                .copyOrder(copyOrder)
                .copyMethod(copyMethod)
                .indexJobs(jobs)
                .orderBy(orderBy)
                .maxRowsPerSecond(maxRowsPerSecond)
                .batchPause(batchPause)
                .replayRows(replayBatch)
                .lockTimeout(lockTimeout)
                .maxAttempts(maxAttempts)
                .cutOverBacklog(cutOverBacklog)
                .maxLockHold(maxLockHold)
                .reconnectTimeout(reconnectTimeout)
                .dropTimeout(dropTimeout)
                .keepOld(keepOld)
                .rebuildMaterializedViews(rebuildMaterializedViews)
                .verify(verify);
    }
}
