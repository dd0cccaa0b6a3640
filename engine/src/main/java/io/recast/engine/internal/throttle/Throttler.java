package io.recast.engine.internal.throttle;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Paces the backfill: a fixed pause after each batch, and a rate cap that holds the average rate
 * since the start at or below the limit. {@link #decide} only computes; the caller sleeps.
 */
public final class Throttler {
    private final long maxRowsPerSecond;
    private final Duration batchPause;
    private final Clock clock;
    private Instant start;
    private long rows;

    public Throttler(long maxRowsPerSecond, Duration batchPause, Clock clock) {
        this.maxRowsPerSecond = maxRowsPerSecond;
        this.batchPause = batchPause;
        this.clock = clock;
    }

    /** Call once before the first batch. */
    public void start() {
        start = clock.instant();
        rows = 0;
    }

    /** Records a finished batch and says how long to wait before the next one. */
    public ThrottleDecision decide(long batchRows) {
        rows += batchRows;
        Duration wait = batchPause;
        String reason = batchPause.isZero() ? null : "batch pause " + batchPause.toMillis() + "ms";
        if (maxRowsPerSecond > 0) {
            Duration due = Duration.ofNanos((long) (rows * 1e9 / maxRowsPerSecond));
            Duration early = due.minus(Duration.between(start, clock.instant()));
            if (early.compareTo(wait) > 0) {
                wait = early;
                reason = "rate limit " + maxRowsPerSecond + " rows/s";
            }
        }
        return wait.isZero() || wait.isNegative() ? ThrottleDecision.GO : new ThrottleDecision(true, wait, reason);
    }
}
