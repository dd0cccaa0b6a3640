package io.recast.engine.api;

/** How Recast runs a statement. */
public enum Strategy {
    /** As written, under a short lock_timeout, retried with backoff: the lock is held for milliseconds. */
    DIRECT,
    /** CREATE INDEX, REINDEX and DROP INDEX run CONCURRENTLY; an index a failed build leaves INVALID is dropped, then retried. */
    CONCURRENT_INDEX,
    /** ADD CONSTRAINT ... NOT VALID (metadata only), then VALIDATE CONSTRAINT (a scan under SHARE UPDATE EXCLUSIVE). */
    NOT_VALID_THEN_VALIDATE,
    /** A NOT VALID CHECK (col IS NOT NULL), VALIDATE, SET NOT NULL (which then scans nothing), DROP the check. */
    NOT_NULL_VIA_CHECK,
    /** Through the shadow engine, as {@code Recast.alter}: the table stays readable and writable but for a short swap. */
    REWRITE,
    /** Not run: the reason says why and what to do instead. */
    REFUSED
}
