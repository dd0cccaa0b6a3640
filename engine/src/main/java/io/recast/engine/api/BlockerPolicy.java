package io.recast.engine.api;

/**
 * What the cut-over does about sessions that hold a lock on the table (in an old transaction) and
 * so would make it queue: wait for them, or, after the grace period, cancel their statement or
 * terminate their session. Only sessions that block the cut-over are touched, never autovacuum
 * unless allowed.
 */
public enum BlockerPolicy {
    WAIT, CANCEL, TERMINATE
}
