package io.recast.cli;

import io.recast.engine.api.CopyMethod;
import io.recast.engine.api.CopyOrder;
import io.recast.engine.api.RewriteOptions;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options of one table's rewrite, shared by {@code repack}, {@code alter} and {@code maintain}
 * (which rewrites each table it picks with them): copy, index builds, throttling, cut-over,
 * recovery. Their defaults come from {@link OptionDefaults}, which reads the engine's.
 */
public final class RewriteOptionsMixin {
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

    @Mixin
    ThrottleOptions throttle;

    @Mixin
    CutOverOptions cutOver;

    /** The builder with every option applied. */
    RewriteOptions.Builder configure(RewriteOptions.Builder b) {
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
