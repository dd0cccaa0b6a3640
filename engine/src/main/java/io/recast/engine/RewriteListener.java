package io.recast.engine;

import io.recast.engine.job.Phase;

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
}
