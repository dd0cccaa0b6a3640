package io.recast.engine.api;

import java.util.List;

/**
 * One step of a run as {@code --dry-run} shows it.
 *
 * @param lock the strongest lock the step takes on the user's table, and for how long
 */
public record PlannedStep(Phase phase, String action, String lock, List<String> sql) {
    public PlannedStep {
        sql = List.copyOf(sql);
    }
}
