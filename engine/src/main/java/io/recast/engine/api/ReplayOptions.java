package io.recast.engine.api;

/**
 * How the change log is replayed into the new table.
 *
 * @param batchRows      log rows applied per replay transaction (and per drain step under the swap's lock)
 * @param cutOverBacklog enter the cut-over only when at most this many log rows wait
 */
public record ReplayOptions(int batchRows, long cutOverBacklog) {
    public ReplayOptions {
        Require.atLeast("replay batch", batchRows, 1);
        Require.atLeast("cut-over backlog", cutOverBacklog, 0);
    }
}
