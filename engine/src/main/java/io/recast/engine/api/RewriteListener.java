package io.recast.engine.api;

import java.time.Duration;

/**
 * Receives progress from a running job, on the job's thread: keep the callbacks short. The
 * default methods do nothing.
 */
public interface RewriteListener {
    RewriteListener NONE = new RewriteListener() {
    };

    /** A phase starts. */
    default void phaseStarted(String table, Phase phase) {
    }

    /** Called after every batch, at most a few times a second. */
    default void progress(ProgressSnapshot snapshot) {
    }

    /** Something worth a warning: a cut-over attempt failed, a retry follows. */
    default void warning(String table, String message) {
    }

    /** A backfill batch committed: {@code rows} copied in one transaction that took {@code took}. */
    default void batchCopied(String table, long rows, Duration took) {
    }

    /**
     * A replay batch applied {@code rows} change-log rows: while catching up, or inside a cut-over
     * attempt (rows applied by an attempt that rolls back are replayed again, and counted again).
     */
    default void batchReplayed(String table, long rows) {
    }

    /** The backfill pauses for {@code reason} (as the status line shows it), or, when it is null, goes on. */
    default void throttled(String table, String reason) {
    }

    /**
     * A cut-over attempt ended: committed ({@code succeeded}) or rolled back.
     *
     * @param lockWait time from asking for ACCESS EXCLUSIVE until it was granted, or until the request
     *                 failed; zero when the attempt failed before asking
     * @param lockHold time from the lock being granted to the commit or rollback that released it, or
     *                 null when the lock was never granted
     */
    default void cutOverAttempt(String table, int attempt, boolean succeeded, Duration lockWait, Duration lockHold) {
    }
}
