package io.recast.engine.api;

import java.util.List;

/**
 * What a rewrite of one table would do, as {@code --dry-run} shows it: derived from the very step
 * list the run takes.
 *
 * @param table       the table, quoted and qualified
 * @param rowEstimate the catalog's row estimate; negative when the table was never analyzed
 * @param sizeBytes   the table's size with its indexes and TOAST
 * @param steps       every step with its SQL and the lock it takes, in order
 */
public record DryRun(String table, long rowEstimate, long sizeBytes, List<PlannedStep> steps) {
    public DryRun {
        steps = List.copyOf(steps);
    }
}
