package io.recast.engine.api;

import java.time.Duration;

/**
 * One status line's worth of facts, taken at one moment.
 *
 * @param rowsEstimate  the planner's estimate of the table's rows (reltuples), at least the rows copied
 * @param rowsPerSecond the copy rate over the backfill (so far, or in all once it is over)
 * @param backlog       log rows waiting to be replayed (an upper bound: max(id) - min(id) + 1)
 * @param throttle      why the run is paused right now, or null
 * @param eta           remaining backfill time at the current rate, or null when unknown
 * @param rowsVerified  rows {@code verify} compared so far (0 without it)
 */
public record ProgressSnapshot(String table, Phase phase, long rowsCopied, long rowsEstimate,
                               double rowsPerSecond, long rowsReplayed, long backlog, String throttle,
                               Duration elapsed, Duration eta, long rowsVerified) {

    /** A snapshot of a run without {@code verify}. */
    public ProgressSnapshot(String table, Phase phase, long rowsCopied, long rowsEstimate, double rowsPerSecond,
                            long rowsReplayed, long backlog, String throttle, Duration elapsed, Duration eta) {
        this(table, phase, rowsCopied, rowsEstimate, rowsPerSecond, rowsReplayed, backlog, throttle, elapsed, eta, 0);
    }

    /** Percent of the estimate copied, 0 to 100. */
    public double percent() {
        if (rowsEstimate <= 0) {
            return phase.ordinal() > Phase.BACKFILL.ordinal() ? 100.0 : 0.0;
        }
        return Math.min(100.0, 100.0 * rowsCopied / rowsEstimate);
    }
}
