package io.recast.engine.api;

import java.util.List;

/**
 * What {@code cleanup} removed.
 *
 * @param dropped       one line per object dropped; empty when nothing was left
 * @param remaining     what could not be removed now (a lock not granted in time), with why; run
 *                      cleanup again when the table is quieter
 * @param schemaDropped whether the recast schema itself was removed
 */
public record CleanupReport(String table, List<String> dropped, List<String> remaining, boolean schemaDropped) {
    public CleanupReport {
        dropped = List.copyOf(dropped);
        remaining = List.copyOf(remaining);
    }
}
