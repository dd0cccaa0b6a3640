package io.recast.engine.api;

import java.time.Duration;
import java.util.Objects;

/**
 * How the swap takes its lock, how long it may hold it, and when it may happen.
 *
 * @param lockTimeout     lock_timeout of each attempt (and of the trigger installation and the drops)
 * @param maxAttempts     attempts before giving up with the table untouched
 * @param maxLockHold     statement_timeout inside the swap transaction: bounds the exclusive lock hold
 * @param maxQueued       while the swap waits for its lock, more than this many sessions queued behind
 *                        it make it withdraw the request (0: any one)
 * @param maxQueueWait    ... or one of them waiting longer than this
 * @param onBlocker       what to do about sessions whose old transactions hold locks on the table
 * @param blockerGrace    how long a blocker is waited for before {@code onBlocker} acts
 * @param killAutovacuum  whether cancel/terminate may touch an (anti-wraparound) autovacuum worker
 * @param oldSnapshotWait how long the swap waits for transactions whose snapshots are older than the
 *                        copy (they would read the new table incompletely) before it goes on
 * @param manual          keep the new table in sync after the catch-up until `recast cut-over` asks for the swap
 * @param window          swap only inside this daily window (null: any time); in sync meanwhile
 */
public record CutoverOptions(Duration lockTimeout, int maxAttempts, Duration maxLockHold, int maxQueued,
                             Duration maxQueueWait, BlockerPolicy onBlocker, Duration blockerGrace,
                             boolean killAutovacuum, Duration oldSnapshotWait, boolean manual, CutOverWindow window) {
    public CutoverOptions {
        Objects.requireNonNull(lockTimeout, "lockTimeout");
        Objects.requireNonNull(maxLockHold, "maxLockHold");
        Objects.requireNonNull(maxQueueWait, "maxQueueWait");
        Objects.requireNonNull(onBlocker, "onBlocker");
        Objects.requireNonNull(blockerGrace, "blockerGrace");
        Objects.requireNonNull(oldSnapshotWait, "oldSnapshotWait");
        Require.atLeastMillis("lock timeout", lockTimeout, 1);
        Require.atLeast("max attempts", maxAttempts, 1);
        Require.atLeastMillis("max lock hold", maxLockHold, 1);
        Require.atLeast("max queued sessions", maxQueued, 0);
        Require.atLeastMillis("max queue wait", maxQueueWait, 1);
        if (blockerGrace.isNegative() || oldSnapshotWait.isNegative()) {
            throw new InvalidOptionsException("blocker grace and old-snapshot wait must not be negative");
        }
    }
}
