package io.recast.engine.api;

import java.util.Objects;

/**
 * One throttle signal with its two thresholds: above {@code pauseAbove} the run waits (between
 * batches) until the value falls back; above {@code abortAbove} it stops cleanly, removing what it
 * made. Either may be infinite (off).
 */
public record ThrottleRule(Signal signal, double pauseAbove, double abortAbove) {
    public static final double OFF = Double.POSITIVE_INFINITY;

    public ThrottleRule {
        Objects.requireNonNull(signal, "signal");
        if (Double.isNaN(pauseAbove) || Double.isNaN(abortAbove) || pauseAbove < 0 || abortAbove < 0) {
            throw new InvalidOptionsException(signal.label() + ": thresholds must be numbers >= 0");
        }
        if (pauseAbove != OFF && abortAbove < pauseAbove) {
            throw new InvalidOptionsException(signal.label() + ": the critical threshold (" + abortAbove
                    + ") is below the throttle threshold (" + pauseAbove + ")");
        }
    }

    public static ThrottleRule pause(Signal s, double above) {
        return new ThrottleRule(s, above, OFF);
    }

    public static ThrottleRule abort(Signal s, double above) {
        return new ThrottleRule(s, OFF, above);
    }

    public boolean active() {
        return pauseAbove != OFF || abortAbove != OFF;
    }
}
