package io.recast.engine.api;

import java.time.Duration;
import java.util.List;
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
 * @param order            the order the table is read in (see {@link CopyOrder}); a batch of the physical
 *                         copy covers the blocks that hold about as many rows; null means KEY, as a job
 *                         stopped before this option existed copied (its row has no order)
 * @param method           how the physical copy writes a batch (see {@link CopyMethod}); null means COPY
 * @param orderBy          columns of the new table (as pg_repack's --order-by): when not empty, the table is
 *                         read once, sorted by them (ascending, NULLs last), in one statement and one snapshot,
 *                         and written in batches; {@code order} does not apply then. Null means empty
 */
public record BackfillOptions(int batchRows, Duration targetBatchTime, int minBatchRows, int maxBatchRows,
                              long maxRowsPerSecond, Duration batchPause, CopyOrder order,
                              CopyMethod method, List<String> orderBy) {
    public BackfillOptions {
        Objects.requireNonNull(targetBatchTime, "targetBatchTime");
        order = order == null ? CopyOrder.KEY : order;
        method = method == null ? CopyMethod.COPY : method;
        orderBy = orderBy == null ? List.of() : List.copyOf(orderBy);
        if (orderBy.stream().anyMatch(c -> c == null || c.isBlank())) {
            throw new InvalidOptionsException("--order-by: a column name is empty, in " + orderBy);
        }
        if (orderBy.stream().distinct().count() < orderBy.size()) {
            throw new InvalidOptionsException("--order-by names a column twice: " + orderBy);
        }
        Objects.requireNonNull(batchPause, "batchPause");
        Require.atLeast("batch size", batchRows, 1);
        if (maxRowsPerSecond < 0) {
            throw new InvalidOptionsException("max rows per second must be >= 0 (0: no limit), was "
                    + maxRowsPerSecond);
        }
        Require.notNegative("batch pause", batchPause);
        Require.notNegative("target batch time", targetBatchTime);
        if (minBatchRows < 1 || maxBatchRows < minBatchRows) {
            throw new InvalidOptionsException("batch size bounds must satisfy 1 <= min <= max, were " + minBatchRows
                    + " and " + maxBatchRows);
        }
    }
}
