package io.recast.engine.api;

import java.time.Duration;
import java.util.Objects;

/**
 * How the backfill copies the table: in short transactions whose size adapts to a target time.
 *
 * @param batchRows        rows of the first batch (each batch is one short transaction); of every
 *                         batch when {@code targetBatchTime} is zero
 * @param targetBatchTime  the batch size adapts so that a batch takes about this long
 * @param minBatchRows     floor of the adapted batch size
 * @param maxBatchRows     ceiling of the adapted batch size
 * @param maxRowsPerSecond rate limit; 0 means no limit
 * @param batchPause       pause after every batch
 */
public record BackfillOptions(int batchRows, Duration targetBatchTime, int minBatchRows, int maxBatchRows,
                              long maxRowsPerSecond, Duration batchPause) {
    public BackfillOptions {
        Objects.requireNonNull(targetBatchTime, "targetBatchTime");
        Objects.requireNonNull(batchPause, "batchPause");
        if (batchRows < 1) {
            throw new InvalidOptionsException("batch size must be >= 1, was " + batchRows);
        }
        if (maxRowsPerSecond < 0) {
            throw new InvalidOptionsException("max rows per second must be >= 0 (0: no limit), was "
                    + maxRowsPerSecond);
        }
        if (batchPause.isNegative()) {
            throw new InvalidOptionsException("batch pause must not be negative, was " + batchPause);
        }
        if (targetBatchTime.isNegative()) {
            throw new InvalidOptionsException("target batch time must not be negative, was " + targetBatchTime);
        }
        if (minBatchRows < 1 || maxBatchRows < minBatchRows) {
            throw new InvalidOptionsException("batch size bounds must satisfy 1 <= min <= max, were " + minBatchRows
                    + " and " + maxBatchRows);
        }
    }
}
