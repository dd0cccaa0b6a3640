package io.recast.engine.api;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a finished rewrite did.
 *
 * @param phaseDurations wall time of each phase that ran, in order
 * @param lockWait       time the successful cut-over attempt waited for ACCESS EXCLUSIVE
 * @param lockHold       time ACCESS EXCLUSIVE was held (lock granted to commit)
 * @param cutOverAttempts attempts including the successful one
 * @param sizeBefore     pg_total_relation_size of the table before, in bytes
 * @param sizeAfter      the same after the swap
 * @param keptOldTable   the old table's name when kept, else null
 * @param longestQueuedWait the longest any application session was seen waiting behind the successful
 *                       cut-over (its lock request, then its lock hold), sampled every 10ms
 * @param partitions     for a partitioned table, the result of each partition in the order they ran
 *                       (then rows, phase durations, attempts and sizes are their sums, and lock wait
 *                       and hold the longest of any); empty for a table
 */
public record RewriteResult(String table, long rowsCopied, long rowsReplayed, Map<Phase, Duration> phaseDurations,
                            Duration total, Duration lockWait, Duration lockHold, int cutOverAttempts,
                            long sizeBefore, long sizeAfter, String keptOldTable, Duration longestQueuedWait,
                            List<RewriteResult> partitions) {
    public RewriteResult {
        phaseDurations = Collections.unmodifiableMap(new LinkedHashMap<>(phaseDurations));
        partitions = List.copyOf(partitions);
        Objects.requireNonNull(longestQueuedWait, "longestQueuedWait");
    }

    /** The result of one table. */
    public RewriteResult(String table, long rowsCopied, long rowsReplayed, Map<Phase, Duration> phaseDurations,
                         Duration total, Duration lockWait, Duration lockHold, int cutOverAttempts,
                         long sizeBefore, long sizeAfter, String keptOldTable) {
        this(table, rowsCopied, rowsReplayed, phaseDurations, total, lockWait, lockHold, cutOverAttempts,
                sizeBefore, sizeAfter, keptOldTable, Duration.ZERO, List.of());
    }

    /** A partitioned table's result: the sums of its partitions', with the longest lock wait and hold. */
    public static RewriteResult ofPartitions(String table, List<RewriteResult> parts, Duration total) {
        Map<Phase, Duration> phases = new LinkedHashMap<>();
        long copied = 0;
        long replayed = 0;
        long before = 0;
        long after = 0;
        int attempts = 0;
        Duration wait = Duration.ZERO;
        Duration hold = Duration.ZERO;
        Duration queued = Duration.ZERO;
        for (RewriteResult r : parts) {
            queued = longer(queued, r.longestQueuedWait());
            r.phaseDurations().forEach((p, d) -> phases.merge(p, d, Duration::plus));
            copied += r.rowsCopied();
            replayed += r.rowsReplayed();
            before += r.sizeBefore();
            after += r.sizeAfter();
            attempts += r.cutOverAttempts();
            wait = longer(wait, r.lockWait());
            hold = longer(hold, r.lockHold());
        }
        return new RewriteResult(table, copied, replayed, phases, total, wait, hold, attempts, before, after, null,
                queued, parts);
    }

    private static Duration longer(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
