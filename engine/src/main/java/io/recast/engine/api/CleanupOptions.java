package io.recast.engine.api;

import java.time.Duration;
import java.util.Objects;

/**
 * How long each drop of a clean-up may wait for its lock; validated once. Build it with
 * {@link #builder()}, which holds the defaults.
 *
 * @param lockTimeout lock_timeout of each drop attempt, so cleanup never queues in front of the application
 * @param attempts    attempts of each drop before it is reported as remaining
 */
public record CleanupOptions(Duration lockTimeout, int attempts) {
    /** Attempts of each drop unless told otherwise. */
    public static final int DEFAULT_ATTEMPTS = 10;

    public CleanupOptions {
        Objects.requireNonNull(lockTimeout, "lockTimeout");
        Require.atLeastMillis("lock timeout", lockTimeout, 1);
        Require.atLeast("max attempts", attempts, 1);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The run's default lock timeout and {@link #DEFAULT_ATTEMPTS} attempts. */
    public static CleanupOptions defaults() {
        return builder().build();
    }

    /** Holds the defaults. */
    public static final class Builder {
        private Duration lockTimeout = RewriteOptions.defaults().cutover().lockTimeout();
        private int attempts = DEFAULT_ATTEMPTS;

        private Builder() {
        }

        public Builder lockTimeout(Duration v) {
            lockTimeout = v;
            return this;
        }

        public Builder attempts(int v) {
            attempts = v;
            return this;
        }

        public CleanupOptions build() {
            return new CleanupOptions(lockTimeout, attempts);
        }
    }
}
