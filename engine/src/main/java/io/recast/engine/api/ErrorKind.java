package io.recast.engine.api;

/** What kind of failure ended a run; the CLI maps each to its own exit code. */
public enum ErrorKind {
    /** Bad input: nothing was touched. */
    INVALID_OPTIONS,
    /** The table cannot be rewritten as it is; refused before any change. */
    NOT_ELIGIBLE,
    /** Another run works on the same table. */
    CONCURRENT_RUN,
    /** The cut-over lock was not granted within the attempts allowed; the table is untouched. */
    LOCK_TIMEOUT,
    /** Cancelled or interrupted; cleanup was done. */
    ABORTED,
    /** The database said no; the message carries the SQLSTATE. */
    DATABASE,
    /** {@code --verify} found the shadow different from the table; nothing was swapped, the artifacts were removed. */
    VERIFY_FAILED
}
