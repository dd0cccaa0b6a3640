package io.recast.engine.api;

/**
 * How the new table's indexes are built.
 *
 * @param jobs sessions that build the indexes at once (as pg_repack's --jobs): the key's index is built
 *             first, alone (the replay needs it), then the others, up to {@code jobs} at a time, each
 *             with the server's maintenance_work_mem; 1 builds them one after another
 */
public record IndexOptions(int jobs) {
    public IndexOptions {
        Require.atLeast("index jobs", jobs, 1);
    }
}
