package io.recast.engine.api;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@code migrate} runs its steps; validated once. Build it with {@link #builder()}, which holds
 * the defaults.
 *
 * @param lockTimeout      lock_timeout of every step that takes a lock blocking the application
 *                         (ACCESS EXCLUSIVE, SHARE ROW EXCLUSIVE) and of VALIDATE
 * @param maxAttempts      attempts of a step whose lock was not granted (or that lost a deadlock)
 *                         before the run stops
 * @param indexLockTimeout lock_timeout of CREATE INDEX, REINDEX and DROP INDEX CONCURRENTLY, whose
 *                         SHARE UPDATE EXCLUSIVE blocks neither reads nor writes but which wait for
 *                         every older transaction; zero: wait as long as it takes
 */
public record MigrateOptions(Duration lockTimeout, int maxAttempts, Duration indexLockTimeout) {
    public MigrateOptions {
        Objects.requireNonNull(lockTimeout, "lockTimeout");
        Objects.requireNonNull(indexLockTimeout, "indexLockTimeout");
        Require.atLeastMillis("lock timeout", lockTimeout, 1);
        Require.atLeast("max attempts", maxAttempts, 1);
        Require.notNegative("index lock timeout", indexLockTimeout);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** repack's lock timeout and attempts; index builds wait as long as they need. */
    public static MigrateOptions defaults() {
        return builder().build();
    }

    /** Holds the defaults. */
    public static final class Builder {
        private Duration lockTimeout = RewriteOptions.defaults().cutover().lockTimeout();
        private int maxAttempts = RewriteOptions.defaults().cutover().maxAttempts();
        private Duration indexLockTimeout = Duration.ZERO;

        private Builder() {
        }

        public Builder lockTimeout(Duration v) {
            lockTimeout = v;
            return this;
        }

        public Builder maxAttempts(int v) {
            maxAttempts = v;
            return this;
        }

        public Builder indexLockTimeout(Duration v) {
            indexLockTimeout = v;
            return this;
        }

        public MigrateOptions build() {
            return new MigrateOptions(lockTimeout, maxAttempts, indexLockTimeout);
        }
    }
}
