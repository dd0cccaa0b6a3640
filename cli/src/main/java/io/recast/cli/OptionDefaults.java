package io.recast.cli;

import io.recast.engine.api.CheckOptions;
import io.recast.engine.api.RewriteOptions;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The defaults of the options, read from {@link RewriteOptions.Builder}, which holds them (cleanup's
 * drop timeout is the run's): the help shows them and the parser applies them, so neither can drift
 * from the engine.
 */
public final class OptionDefaults implements IDefaultValueProvider {
    private static final RewriteOptions D = RewriteOptions.defaults();

    @Override
    public String defaultValue(ArgSpec arg) {
        if (!(arg instanceof OptionSpec o)) {
            return null;
        }
        return switch (o.longestName()) {
            case "--batch-size" -> String.valueOf(D.backfill().batchRows());
            case "--jobs" -> String.valueOf(D.index().jobs());
            case "--copy-order" -> D.backfill().order().name().toLowerCase(java.util.Locale.ROOT);
            case "--copy-method" -> D.backfill().method().name().toLowerCase(java.util.Locale.ROOT);
            case "--max-rows-per-second" -> String.valueOf(D.backfill().maxRowsPerSecond());
            case "--batch-pause" -> DurationConverter.format(D.backfill().batchPause());
            case "--replay-batch" -> String.valueOf(D.replay().batchRows());
            case "--lock-timeout" -> DurationConverter.format(D.cutover().lockTimeout());
            case "--max-attempts" -> String.valueOf(D.cutover().maxAttempts());
            case "--reconnect-timeout" -> DurationConverter.format(D.recovery().reconnectTimeout());
            case "--drop-timeout" -> DurationConverter.format(D.recovery().dropTimeout());
            case "--cut-over-backlog" -> String.valueOf(D.replay().cutOverBacklog());
            case "--max-lock-hold" -> DurationConverter.format(D.cutover().maxLockHold());
            case "--target-batch-time" -> DurationConverter.format(D.backfill().targetBatchTime());
            case "--min-batch-size" -> String.valueOf(D.backfill().minBatchRows());
            case "--max-batch-size" -> String.valueOf(D.backfill().maxBatchRows());
            case "--throttle-interval" -> DurationConverter.format(D.throttle().interval());
            case "--max-queued" -> String.valueOf(D.cutover().maxQueued());
            case "--max-queue-wait" -> DurationConverter.format(D.cutover().maxQueueWait());
            case "--on-blocker" -> D.cutover().onBlocker().name().toLowerCase(java.util.Locale.ROOT);
            case "--blocker-grace" -> DurationConverter.format(D.cutover().blockerGrace());
            case "--old-snapshot-wait" -> DurationConverter.format(D.cutover().oldSnapshotWait());
            case "--long-transaction" -> DurationConverter.format(CheckOptions.defaults().longTransaction());
            default -> null;
        };
    }
}
