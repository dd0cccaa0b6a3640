package io.recast.engine.internal.runtime;

import io.recast.engine.api.AbortedException;
import java.sql.SQLException;

/**
 * What a step does between two of its batches (backfill, replay): report, obey pause and abort,
 * wait while the server is too busy. The run composes it; the step only calls it.
 */
@FunctionalInterface
public interface BetweenBatches {
    /** Nothing between batches (the benchmarks). */
    BetweenBatches NONE = (progress, cancel) -> { };

    /**
     * Returns at once, or after waiting while something asks to pause.
     *
     * @throws AbortedException when the run must stop
     */
    void between(Progress progress, Cancellation cancel) throws SQLException;
}
