package io.recast.engine.internal.throttle;

import java.time.Duration;

/** Whether to wait before the next batch, how long, and why. */
public record ThrottleDecision(boolean pause, Duration delay, String reason) {
    public static final ThrottleDecision GO = new ThrottleDecision(false, Duration.ZERO, null);
}
