package io.recast.engine.api;

import java.time.Duration;
import java.time.OffsetDateTime;

/**
 * One row of the job table, as `recast status` shows it: a job that is running, that stopped
 * without finishing (its process died: {@code alive} is false), or that finished in the last day.
 *
 * @param throttle  why the job waits right now (a throttle signal, or a pause), or null
 * @param requested what `recast pause|resume|abort` last asked of it, or null
 * @param eta       remaining copy time at the current rate, or null when unknown
 */
public record JobStatus(long jobId, String table, String phase, long rowsCopied, long rowsEstimate, long rowsReplayed,
                        long backlog, String throttle, Duration eta, String requested, int pid, boolean alive,
                        OffsetDateTime started, OffsetDateTime updated, OffsetDateTime finished, String outcome) {

    public boolean finishedJob() {
        return finished != null;
    }
}
