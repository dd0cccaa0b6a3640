package io.recast.engine.api;

import java.time.Duration;
import java.util.List;

/**
 * What {@code migrate} did: each statement of the file with its outcome, and, when one failed,
 * the failure and the state it left.
 *
 * @param failure    null when every statement was applied
 * @param stateLeft  what of the failed statement is in place (nothing, or e.g. a NOT VALID
 *                   constraint) and how to finish or undo it; null when none failed
 */
public record MigrationResult(List<Outcome> outcomes, RewriteException failure, String stateLeft) {
    public enum Status {
        APPLIED, FAILED, NOT_RUN
    }

    /**
     * @param stepsDone steps of the statement that completed
     */
    public record Outcome(PlannedStatement statement, Status status, int stepsDone, Duration took) {
    }

    public MigrationResult {
        outcomes = List.copyOf(outcomes);
    }

    public boolean succeeded() {
        return failure == null;
    }

    public List<PlannedStatement> applied() {
        return outcomes.stream().filter(o -> o.status() == Status.APPLIED).map(Outcome::statement).toList();
    }

    public PlannedStatement failed() {
        return outcomes.stream().filter(o -> o.status() == Status.FAILED).map(Outcome::statement).findFirst().orElse(null);
    }
}
