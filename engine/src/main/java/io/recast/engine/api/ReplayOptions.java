package io.recast.engine.api;

/**
 * How the change log is replayed into the new table.
 *
 * @param batchRows      log rows applied per replay transaction (and per drain step under the swap's lock)
 * @param cutOverBacklog enter the cut-over only when at most this many log rows wait
 */
public record ReplayOptions(int batchRows, long cutOverBacklog) {
    public ReplayOptions {
        if (batchRows < 1) {
            throw new InvalidOptionsException("replay batch must be >= 1, was " + batchRows);
        }
        if (cutOverBacklog < 0) {
            throw new InvalidOptionsException("cut-over backlog must be >= 0, was " + cutOverBacklog);
        }
    }
}
