package io.recast.engine.api;

import java.time.Duration;
import java.util.Objects;

/**
 * How a run rides out faults: a lost session or a server that restarts, and drops that cannot get
 * their lock. Part of {@link RewriteOptions}; its builder holds the defaults.
 *
 * @param reconnectTimeout how long a run waits, reconnecting with backoff, for the server to accept a
 *                         session again (and to be out of recovery) after a session was closed or
 *                         terminated or the server restarted (SQLSTATE classes 08 and 57P); it then
 *                         goes on from what was committed. Zero turns reconnecting off: such a fault
 *                         then stops the run, which {@code recast resume} continues
 * @param dropTimeout      how long each drop of a clean-up retries, with backoff and each attempt under
 *                         the short lock timeout, before what it could not drop is reported and left
 *                         harmless
 */
public record RecoveryOptions(Duration reconnectTimeout, Duration dropTimeout) {
    public static final Duration DEFAULT_RECONNECT_TIMEOUT = Duration.ofMinutes(5);
    public static final Duration DEFAULT_DROP_TIMEOUT = Duration.ofMinutes(2);

    public RecoveryOptions {
        // a job row written before these options existed decodes them as absent: the defaults
        reconnectTimeout = Objects.requireNonNullElse(reconnectTimeout, DEFAULT_RECONNECT_TIMEOUT);
        dropTimeout = Objects.requireNonNullElse(dropTimeout, DEFAULT_DROP_TIMEOUT);
        Require.notNegative("reconnect timeout", reconnectTimeout);
        Require.notNegative("drop timeout", dropTimeout);
    }
}
