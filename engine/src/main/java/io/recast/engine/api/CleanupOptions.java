package io.recast.engine.api;

import java.time.Duration;
import java.util.Objects;

/**
 * How long each drop of a clean-up may wait for its lock; validated once. Build it with
 * {@link #builder()}, which holds the defaults.
 *
 * @param lockTimeout lock_timeout of each drop attempt, so cleanup never queues in front of the application
 * @param dropTimeout how long each drop retries, with backoff, before it is reported as remaining
 */
public record CleanupOptions(Duration lockTimeout, Duration dropTimeout) {

    public CleanupOptions {
        Objects.requireNonNull(lockTimeout, "lockTimeout");
        Objects.requireNonNull(dropTimeout, "dropTimeout");
        Require.atLeastMillis("lock timeout", lockTimeout, 1);
        Require.notNegative("drop timeout", dropTimeout);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The run's default lock timeout and drop timeout ({@link RecoveryOptions#DEFAULT_DROP_TIMEOUT}). */
    public static CleanupOptions defaults() {
        return builder().build();
    }

    /** Holds the defaults. */
    public static final class Builder {
        private Duration lockTimeout = RewriteOptions.defaults().cutover().lockTimeout();
        private Duration dropTimeout = RecoveryOptions.DEFAULT_DROP_TIMEOUT;

        private Builder() {
        }

        public Builder lockTimeout(Duration v) {
            lockTimeout = v;
            return this;
        }

        public Builder dropTimeout(Duration v) {
            dropTimeout = v;
            return this;
        }

        public CleanupOptions build() {
            return new CleanupOptions(lockTimeout, dropTimeout);
        }
    }
}
