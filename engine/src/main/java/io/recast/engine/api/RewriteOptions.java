package io.recast.engine.api;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How to rewrite a table, one record per concern, each step receiving only its own; immutable and
 * validated once. What to rewrite (the table, and with {@code alter} the {@link Alteration}) is given
 * to the verb beside it. Build it with {@link #builder()}, which holds the defaults.
 *
 * @param backfill                 how the copy runs
 * @param index                    how the indexes are built (null: one after another, as a job row written
 *                                 before this option existed says)
 * @param replay                   how the change log is applied, and when the cut-over may start
 * @param throttle                 the signals read between batches
 * @param cutover                  how the swap takes its lock and when it may happen
 * @param recovery                 how lost sessions, server restarts and blocked drops are ridden out
 * @param keepOld                  keep the old table (as {@code recast.old_<oid>}) instead of dropping it
 * @param rebuildMaterializedViews allow the swap to drop and rebuild the materialized views that read
 *                                 the table: their queries then run inside the swap, under the exclusive lock
 * @param verify                   before the swap, compare the new table with the table in one REPEATABLE
 *                                 READ pass (the rows changed meanwhile again, the last of them under the
 *                                 cut-over lock); a difference fails the run with the table untouched
 */
public record RewriteOptions(BackfillOptions backfill, IndexOptions index, ReplayOptions replay, ThrottleOptions throttle,
                             CutoverOptions cutover, RecoveryOptions recovery, boolean keepOld,
                             boolean rebuildMaterializedViews, boolean verify) {

    public RewriteOptions {
        Objects.requireNonNull(backfill, "backfill");
        index = index == null ? new IndexOptions(1) : index;
        Objects.requireNonNull(replay, "replay");
        Objects.requireNonNull(throttle, "throttle");
        Objects.requireNonNull(cutover, "cutover");
        Objects.requireNonNull(recovery, "recovery");
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Every default. */
    public static RewriteOptions defaults() {
        return builder().build();
    }

    /** Holds the defaults; nothing else does. Each setter names the option as the CLI does. */
    public static final class Builder {
        private int batchRows = 10_000;
        private long maxRowsPerSecond = 0;
        private Duration batchPause = Duration.ZERO;
        private Duration targetBatchTime = Duration.ofMillis(500);
        private int minBatchRows = 1_000;
        private int maxBatchRows = 200_000;
        private CopyOrder copyOrder = CopyOrder.PHYSICAL;
        private CopyMethod copyMethod = CopyMethod.COPY;
        private int indexJobs = 1;
        private List<String> orderBy = List.of();
        private int replayRows = 5_000;
        private long cutOverBacklog = 1_000;
        private List<ThrottleRule> throttleRules = List.of();
        private String throttleQuery;
        private Duration throttleInterval = Duration.ofSeconds(1);
        private List<String> replicaUrls = List.of();
        private Duration lockTimeout = Duration.ofMillis(200);
        private int maxAttempts = 30;
        private Duration maxLockHold = Duration.ofSeconds(5);
        private int maxQueued = 20;
        private Duration maxQueueWait = Duration.ofMillis(100);
        private BlockerPolicy onBlocker = BlockerPolicy.WAIT;
        private Duration blockerGrace = Duration.ofSeconds(30);
        private boolean killAutovacuum = false;
        private Duration oldSnapshotWait = Duration.ofSeconds(15);
        private boolean manualCutOver = false;
        private CutOverWindow cutOverWindow;
        private Duration reconnectTimeout = RecoveryOptions.DEFAULT_RECONNECT_TIMEOUT;
        private Duration dropTimeout = RecoveryOptions.DEFAULT_DROP_TIMEOUT;
        private boolean keepOld = false;
        private boolean rebuildMaterializedViews = false;
        private boolean verify = false;

        private Builder() {
        }

        public Builder batchRows(int v) {
            batchRows = v;
            return this;
        }

        public Builder maxRowsPerSecond(long v) {
            maxRowsPerSecond = v;
            return this;
        }

        public Builder batchPause(Duration v) {
            batchPause = v;
            return this;
        }

        public Builder targetBatchTime(Duration v) {
            targetBatchTime = v;
            return this;
        }

        public Builder batchRowsBounds(int min, int max) {
            minBatchRows = min;
            maxBatchRows = max;
            return this;
        }

        public Builder copyOrder(CopyOrder v) {
            copyOrder = v;
            return this;
        }

        public Builder copyMethod(CopyMethod v) {
            copyMethod = v;
            return this;
        }

        public Builder indexJobs(int v) {
            indexJobs = v;
            return this;
        }

        /** --order-by: columns the copy sorts the table's rows by; empty: none. */
        public Builder orderBy(List<String> v) {
            orderBy = v;
            return this;
        }

        public Builder replayRows(int v) {
            replayRows = v;
            return this;
        }

        public Builder cutOverBacklog(long v) {
            cutOverBacklog = v;
            return this;
        }

        public Builder throttleRules(List<ThrottleRule> v) {
            throttleRules = v;
            return this;
        }

        public Builder throttleQuery(String v) {
            throttleQuery = v;
            return this;
        }

        public Builder throttleInterval(Duration v) {
            throttleInterval = v;
            return this;
        }

        public Builder replicaUrls(List<String> v) {
            replicaUrls = v;
            return this;
        }

        public Builder lockTimeout(Duration v) {
            lockTimeout = v;
            return this;
        }

        public Builder maxAttempts(int v) {
            maxAttempts = v;
            return this;
        }

        public Builder maxLockHold(Duration v) {
            maxLockHold = v;
            return this;
        }

        public Builder queueLimits(int maxQueuedSessions, Duration maxWait) {
            maxQueued = maxQueuedSessions;
            maxQueueWait = maxWait;
            return this;
        }

        public Builder onBlocker(BlockerPolicy policy, Duration grace) {
            onBlocker = policy;
            blockerGrace = grace;
            return this;
        }

        public Builder killAutovacuum(boolean v) {
            killAutovacuum = v;
            return this;
        }

        public Builder oldSnapshotWait(Duration v) {
            oldSnapshotWait = v;
            return this;
        }

        public Builder manualCutOver(boolean v) {
            manualCutOver = v;
            return this;
        }

        public Builder cutOverWindow(CutOverWindow v) {
            cutOverWindow = v;
            return this;
        }

        public Builder reconnectTimeout(Duration v) {
            reconnectTimeout = v;
            return this;
        }

        public Builder dropTimeout(Duration v) {
            dropTimeout = v;
            return this;
        }

        public Builder keepOld(boolean v) {
            keepOld = v;
            return this;
        }

        public Builder rebuildMaterializedViews(boolean v) {
            rebuildMaterializedViews = v;
            return this;
        }

        public Builder verify(boolean v) {
            verify = v;
            return this;
        }

        public RewriteOptions build() {
            return new RewriteOptions(
                    new BackfillOptions(batchRows, targetBatchTime, minBatchRows, maxBatchRows, maxRowsPerSecond, batchPause,
                            copyOrder, copyMethod, orderBy),
                    new IndexOptions(indexJobs),
                    new ReplayOptions(replayRows, cutOverBacklog),
                    new ThrottleOptions(throttleRules, throttleQuery, throttleInterval, replicaUrls),
                    new CutoverOptions(lockTimeout, maxAttempts, maxLockHold, maxQueued, maxQueueWait, onBlocker,
                            blockerGrace, killAutovacuum, oldSnapshotWait, manualCutOver, cutOverWindow),
                    new RecoveryOptions(reconnectTimeout, dropTimeout),
                    keepOld, rebuildMaterializedViews, verify);
        }
    }
}
