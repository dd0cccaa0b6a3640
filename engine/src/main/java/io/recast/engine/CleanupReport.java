package io.recast.engine;

import java.util.List;

/**
 * What {@code cleanup} removed.
 *
 * @param dropped       one line per object dropped; empty when nothing was left
 * @param schemaDropped whether the recast schema itself was removed
 */
public record CleanupReport(String table, List<String> dropped, boolean schemaDropped) {
    public CleanupReport {
        dropped = List.copyOf(dropped);
    }
}
