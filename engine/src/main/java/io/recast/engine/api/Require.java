package io.recast.engine.api;

import java.time.Duration;

/** The validations the option records share, each refusing with the value's name and what it was. */
final class Require {
    private Require() {
    }

    static void atLeast(String what, long value, long min) {
        if (value < min) {
            throw new InvalidOptionsException(what + " must be >= " + min + ", was " + value);
        }
    }

    static void atLeastMillis(String what, Duration value, long minMillis) {
        if (value.toMillis() < minMillis) {
            throw new InvalidOptionsException(what + " must be at least " + minMillis + "ms, was " + value);
        }
    }

    static void notNegative(String what, Duration value) {
        if (value.isNegative()) {
            throw new InvalidOptionsException(what + " must not be negative, was " + value);
        }
    }
}
