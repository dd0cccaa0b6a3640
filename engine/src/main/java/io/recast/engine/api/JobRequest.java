package io.recast.engine.api;

/** What `recast pause|resume|abort|cut-over` can ask of a running job. */
public enum JobRequest {
    PAUSE, RESUME, ABORT,
    /** Lets a job started with a manual cut-over swap (inside its window, if it has one). */
    CUTOVER
}
