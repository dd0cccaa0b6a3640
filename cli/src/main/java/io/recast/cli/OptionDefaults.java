package io.recast.cli;

import io.recast.engine.api.CheckOptions;
import io.recast.engine.api.RewriteOptions;
import io.recast.engine.internal.cleanup.Cleanup;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The defaults of the options, read from {@link RewriteOptions.Builder}, which holds them (and,
 * for cleanup's attempts, from {@link Cleanup#ATTEMPTS}): the help shows them and the parser
 * applies them, so neither can drift from the engine.
 */
public final class OptionDefaults implements IDefaultValueProvider {
    private static final RewriteOptions D = RewriteOptions.builder("-").build();

    @Override
    public String defaultValue(ArgSpec arg) {
        if (!(arg instanceof OptionSpec o)) {
            return null;
        }
        return switch (o.longestName()) {
            case "--batch-size" -> String.valueOf(D.batchRows());
            case "--max-rows-per-second" -> String.valueOf(D.maxRowsPerSecond());
            case "--batch-pause" -> DurationConverter.format(D.batchPause());
            case "--replay-batch" -> String.valueOf(D.replayRows());
            case "--lock-timeout" -> DurationConverter.format(D.lockTimeout());
            case "--max-attempts" -> String.valueOf("cleanup".equals(o.command().name()) ? Cleanup.ATTEMPTS
                    : D.maxAttempts());
            case "--cut-over-backlog" -> String.valueOf(D.cutOverBacklog());
            case "--max-lock-hold" -> DurationConverter.format(D.maxLockHold());
            case "--target-batch-time" -> DurationConverter.format(D.targetBatchTime());
            case "--min-batch-size" -> String.valueOf(D.minBatchRows());
            case "--max-batch-size" -> String.valueOf(D.maxBatchRows());
            case "--throttle-interval" -> DurationConverter.format(D.throttleInterval());
            case "--max-queued" -> String.valueOf(D.maxQueued());
            case "--max-queue-wait" -> DurationConverter.format(D.maxQueueWait());
            case "--on-blocker" -> D.onBlocker().name().toLowerCase(java.util.Locale.ROOT);
            case "--blocker-grace" -> DurationConverter.format(D.blockerGrace());
            case "--old-snapshot-wait" -> DurationConverter.format(D.oldSnapshotWait());
            case "--long-transaction" -> DurationConverter.format(CheckOptions.defaults().longTransaction());
            default -> null;
        };
    }
}
