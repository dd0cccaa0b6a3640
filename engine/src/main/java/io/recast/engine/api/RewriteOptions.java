package io.recast.engine.api;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What to rewrite and how; immutable and validated once. Build it with {@link #builder(String)},
 * which holds the defaults.
 *
 * @param table          the table as PostgreSQL parses it: {@code orders}, {@code public.orders},
 *                       {@code acc."Mixed Case"}
 * @param batchRows      rows per backfill batch (one short transaction each)
 * @param maxRowsPerSecond backfill rate limit; 0 means no limit
 * @param batchPause     pause after every backfill batch
 * @param replayRows     log rows applied per replay transaction
 * @param lockTimeout    lock_timeout of each cut-over attempt and of the trigger installation
 * @param maxAttempts    cut-over attempts before giving up with the table untouched
 * @param cutOverBacklog enter the cut-over only when at most this many log rows wait
 * @param maxLockHold    statement_timeout inside the swap transaction: bounds the exclusive lock hold
 * @param keepOld        keep the old table (as {@code recast.old_<oid>}) instead of dropping it
 * @param rebuildMaterializedViews allow the swap to drop and rebuild the materialized views that read
 *                       the table: their queries then run inside the swap, under the exclusive lock
 * @param targetBatchTime the backfill's batch size adapts so that a batch takes about this long
 *                       ({@code batchRows} is the first size); zero keeps {@code batchRows} fixed
 * @param minBatchRows   floor of the adapted batch size
 * @param maxBatchRows   ceiling of the adapted batch size
 * @param throttleRules  signals checked between batches, each with a pause and a critical threshold
 * @param throttleQuery  SQL returning one number, the {@link io.recast.engine.api.Signal#QUERY} signal
 * @param throttleInterval how often the throttle signals are read (and re-read while paused)
 * @param maxQueued      while the cut-over waits for its lock, more than this many sessions queued
 *                       behind it make it withdraw the request (0: any one)
 * @param maxQueueWait   ... or one of them waiting longer than this
 * @param onBlocker      what to do about sessions whose old transactions hold locks on the table
 * @param blockerGrace   how long a blocker is waited for before {@code onBlocker} acts
 * @param killAutovacuum whether cancel/terminate may touch an (anti-wraparound) autovacuum worker
 * @param manualCutOver  keep the new table in sync after the catch-up until `recast cut-over` asks for the swap
 * @param cutOverWindow  swap only inside this daily window (null: any time); in sync meanwhile
 * @param oldSnapshotWait how long the cut-over waits for transactions whose snapshots are older
 *                       than the copy (they would read the new table incompletely) before it goes on
 * @param replicaUrls    JDBC URLs of standbys whose replay lag is read on the standby itself, the
 *                       {@link io.recast.engine.api.Signal#REPLICA_LAG} signal; no password in them
 * @param alteration     with {@code recast alter}: the changes to the table's structure; null for repack
 * @param verify         before the swap, compare the shadow with the table in one REPEATABLE READ pass
 *                       (the rows changed meanwhile again, the last of them under the cut-over lock);
 *                       a difference fails the run with the table untouched
 */
public record RewriteOptions(String table, int batchRows, long maxRowsPerSecond, Duration batchPause,
                             int replayRows, Duration lockTimeout, int maxAttempts, long cutOverBacklog,
                             Duration maxLockHold, boolean keepOld, boolean rebuildMaterializedViews,
                             Duration targetBatchTime, int minBatchRows, int maxBatchRows,
                             List<ThrottleRule> throttleRules, String throttleQuery, Duration throttleInterval,
                             int maxQueued, Duration maxQueueWait, BlockerPolicy onBlocker, Duration blockerGrace,
                             boolean killAutovacuum, Duration oldSnapshotWait, boolean manualCutOver,
                             CutOverWindow cutOverWindow, List<String> replicaUrls,
                             io.recast.engine.api.Alteration alteration, boolean verify) {

    public RewriteOptions {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(batchPause, "batchPause");
        Objects.requireNonNull(lockTimeout, "lockTimeout");
        Objects.requireNonNull(maxLockHold, "maxLockHold");
        if (table.isBlank()) {
            throw new InvalidOptionsException("table must not be empty");
        }
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
        if (replayRows < 1) {
            throw new InvalidOptionsException("replay batch must be >= 1, was " + replayRows);
        }
        if (lockTimeout.toMillis() < 1) {
            throw new InvalidOptionsException("lock timeout must be at least 1ms, was " + lockTimeout);
        }
        if (maxAttempts < 1) {
            throw new InvalidOptionsException("max attempts must be >= 1, was " + maxAttempts);
        }
        if (cutOverBacklog < 0) {
            throw new InvalidOptionsException("cut-over backlog must be >= 0, was " + cutOverBacklog);
        }
        if (maxLockHold.toMillis() < 1) {
            throw new InvalidOptionsException("max lock hold must be at least 1ms, was " + maxLockHold);
        }
        Objects.requireNonNull(targetBatchTime, "targetBatchTime");
        Objects.requireNonNull(throttleInterval, "throttleInterval");
        throttleRules = List.copyOf(throttleRules);
        if (targetBatchTime.isNegative()) {
            throw new InvalidOptionsException("target batch time must not be negative, was " + targetBatchTime);
        }
        if (minBatchRows < 1 || maxBatchRows < minBatchRows) {
            throw new InvalidOptionsException("batch size bounds must satisfy 1 <= min <= max, were " + minBatchRows
                    + " and " + maxBatchRows);
        }
        if (throttleInterval.toMillis() < 10) {
            throw new InvalidOptionsException("throttle interval must be at least 10ms, was " + throttleInterval);
        }
        boolean queryRule = throttleRules.stream().anyMatch(r -> r.signal() == Signal.QUERY && r.active());
        if (queryRule && (throttleQuery == null || throttleQuery.isBlank())) {
            throw new InvalidOptionsException("a throttle or critical threshold for the throttle query needs the query");
        }
        if (throttleQuery != null && !throttleQuery.isBlank() && !queryRule) {
            throw new InvalidOptionsException("the throttle query needs a threshold: it throttles while it returns "
                    + "more than the threshold (0 by default on the command line)");
        }
        replicaUrls = List.copyOf(replicaUrls);
        for (String url : replicaUrls) {
            if (!url.startsWith("jdbc:postgresql:")) {
                throw new InvalidOptionsException("a replica URL must start with jdbc:postgresql:, was "
                        + io.recast.engine.internal.throttle.Replicas.redact(url));
            }
            if (url.toLowerCase(java.util.Locale.ROOT).matches(".*[?&]password=.*")) {
                throw new InvalidOptionsException("a replica URL must not carry a password (it is kept in the job "
                        + "table for resume); the replicas are reached with the same user and password as the primary, "
                        + "or give them in the password file (PGPASSFILE, else ~/.pgpass)");
            }
        }
        boolean replicaRule = throttleRules.stream().anyMatch(r -> r.signal() == Signal.REPLICA_LAG && r.active());
        if (replicaRule != !replicaUrls.isEmpty()) {
            throw new InvalidOptionsException(replicaRule ? "a replica lag threshold needs a replica URL"
                    : "a replica URL needs a replication lag threshold (--max-replication-lag or "
                    + "--critical-replication-lag): without one it would be read for nothing");
        }
        if (throttleRules.stream().map(ThrottleRule::signal).distinct().count() != throttleRules.size()) {
            throw new InvalidOptionsException("one throttle rule per signal");
        }
        Objects.requireNonNull(maxQueueWait, "maxQueueWait");
        Objects.requireNonNull(onBlocker, "onBlocker");
        Objects.requireNonNull(blockerGrace, "blockerGrace");
        Objects.requireNonNull(oldSnapshotWait, "oldSnapshotWait");
        if (maxQueued < 0) {
            throw new InvalidOptionsException("max queued sessions must be >= 0, was " + maxQueued);
        }
        if (maxQueueWait.toMillis() < 1) {
            throw new InvalidOptionsException("max queue wait must be at least 1ms, was " + maxQueueWait);
        }
        if (blockerGrace.isNegative() || oldSnapshotWait.isNegative()) {
            throw new InvalidOptionsException("blocker grace and old-snapshot wait must not be negative");
        }
    }

    public static Builder builder(String table) {
        return new Builder(table);
    }

    /** The same options for another table (a partition of the one given). */
    public RewriteOptions forTable(String other) {
        return withAlteration(other, alteration);
    }

    /** The same options for another table with other changes (recast alter --cascade-types). */
    public RewriteOptions withAlteration(String other, io.recast.engine.api.Alteration a) {
        return new RewriteOptions(other, batchRows, maxRowsPerSecond, batchPause, replayRows, lockTimeout,
                maxAttempts, cutOverBacklog, maxLockHold, keepOld, rebuildMaterializedViews, targetBatchTime,
                minBatchRows, maxBatchRows, throttleRules, throttleQuery, throttleInterval, maxQueued, maxQueueWait,
                onBlocker, blockerGrace, killAutovacuum, oldSnapshotWait, manualCutOver, cutOverWindow, replicaUrls,
                a, verify);
    }

    /** Holds the defaults; nothing else does. */
    public static final class Builder {
        private final String table;
        private int batchRows = 10_000;
        private long maxRowsPerSecond = 0;
        private Duration batchPause = Duration.ZERO;
        private int replayRows = 5_000;
        private Duration lockTimeout = Duration.ofMillis(200);
        private int maxAttempts = 30;
        private long cutOverBacklog = 1_000;
        private Duration maxLockHold = Duration.ofSeconds(5);
        private boolean keepOld = false;
        private boolean rebuildMaterializedViews = false;
        private Duration targetBatchTime = Duration.ofMillis(500);
        private int minBatchRows = 1_000;
        private int maxBatchRows = 200_000;
        private List<ThrottleRule> throttleRules = List.of();
        private String throttleQuery;
        private Duration throttleInterval = Duration.ofSeconds(1);
        private int maxQueued = 20;
        private Duration maxQueueWait = Duration.ofMillis(100);
        private BlockerPolicy onBlocker = BlockerPolicy.WAIT;
        private Duration blockerGrace = Duration.ofSeconds(30);
        private boolean killAutovacuum = false;
        private Duration oldSnapshotWait = Duration.ofSeconds(15);
        private boolean manualCutOver = false;
        private CutOverWindow cutOverWindow;
        private List<String> replicaUrls = List.of();
        private io.recast.engine.api.Alteration alteration;
        private boolean verify = false;

        private Builder(String table) {
            this.table = table;
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

        public Builder replayRows(int v) {
            replayRows = v;
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

        public Builder cutOverBacklog(long v) {
            cutOverBacklog = v;
            return this;
        }

        public Builder maxLockHold(Duration v) {
            maxLockHold = v;
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

        public Builder targetBatchTime(Duration v) {
            targetBatchTime = v;
            return this;
        }

        public Builder batchRowsBounds(int min, int max) {
            minBatchRows = min;
            maxBatchRows = max;
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

        public Builder manualCutOver(boolean v) {
            manualCutOver = v;
            return this;
        }

        public Builder cutOverWindow(CutOverWindow v) {
            cutOverWindow = v;
            return this;
        }

        public Builder oldSnapshotWait(Duration v) {
            oldSnapshotWait = v;
            return this;
        }

        public Builder replicaUrls(List<String> v) {
            replicaUrls = v;
            return this;
        }

        public Builder alteration(io.recast.engine.api.Alteration v) {
            alteration = v;
            return this;
        }

        public Builder verify(boolean v) {
            verify = v;
            return this;
        }

        public RewriteOptions build() {
            return new RewriteOptions(table, batchRows, maxRowsPerSecond, batchPause, replayRows,
                    lockTimeout, maxAttempts, cutOverBacklog, maxLockHold, keepOld, rebuildMaterializedViews,
                    targetBatchTime, minBatchRows, maxBatchRows, throttleRules, throttleQuery, throttleInterval,
                    maxQueued, maxQueueWait, onBlocker, blockerGrace, killAutovacuum, oldSnapshotWait, manualCutOver,
                    cutOverWindow, replicaUrls, alteration, verify);
        }
    }
}
