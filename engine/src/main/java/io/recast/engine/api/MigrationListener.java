package io.recast.engine.api;

import java.time.Duration;

/** Receives the progress of {@code migrate}, on its thread. The default methods do nothing. */
public interface MigrationListener {
    MigrationListener NONE = new MigrationListener() {
    };

    default void statementStarted(PlannedStatement statement) {
    }

    /** A step starts; {@code attempt} counts from 1. */
    default void stepStarted(PlannedStatement statement, int step, DdlStep s, int attempt) {
    }

    /** A step failed in a way worth another attempt (its lock was not granted); it is retried after {@code backoff}. */
    default void retrying(PlannedStatement statement, int step, DdlStep s, int attempt, String why, Duration backoff) {
    }

    default void stepDone(PlannedStatement statement, int step, DdlStep s, Duration took) {
    }

    /** Something to know that is not a failure: an invalid index a failed build left was dropped. */
    default void warning(PlannedStatement statement, String message) {
    }
}
