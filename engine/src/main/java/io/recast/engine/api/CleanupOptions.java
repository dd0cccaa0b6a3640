package io.recast.engine.api;

import java.time.Duration;
import java.util.Objects;

/**
 * What to clean up and how long each drop may wait for its lock; validated once.
 *
 * @param lockTimeout lock_timeout of each drop attempt, so cleanup never queues in front of the application
 * @param attempts    attempts of each drop before it is reported as remaining
 */
public record CleanupOptions(String table, Duration lockTimeout, int attempts) {
    public CleanupOptions {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(lockTimeout, "lockTimeout");
        if (table.isBlank()) {
            throw new InvalidOptionsException("table must not be empty");
        }
        if (lockTimeout.toMillis() < 1) {
            throw new InvalidOptionsException("lock timeout must be at least 1ms, was " + lockTimeout);
        }
        if (attempts < 1) {
            throw new InvalidOptionsException("max attempts must be >= 1, was " + attempts);
        }
    }

    /** Attempts of each drop unless told otherwise. */
    public static final int DEFAULT_ATTEMPTS = 10;

    /** The run's default lock timeout and {@link #DEFAULT_ATTEMPTS} attempts. */
    public static CleanupOptions defaults(String table) {
        return new CleanupOptions(table, RewriteOptions.defaults().cutover().lockTimeout(), DEFAULT_ATTEMPTS);
    }
}
