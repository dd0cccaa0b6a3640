package io.recast.engine.api;

/** How the physical copy ({@link CopyOrder#PHYSICAL}) moves a batch's rows into the new table. */
public enum CopyMethod {
    /**
     * A second session reads the batch's rows with {@code COPY (SELECT ...) TO STDOUT} in binary, and the
     * batch's own session writes them with {@code COPY ... FROM STDIN}. The server then writes the new
     * table through a small ring of buffers, handing the kernel each 256 kB it writes
     * ({@code backend_flush_after}, which recast sets in its sessions), so no backlog of dirty pages builds up for the
     * kernel to write in one burst after the run, and the copy leaves the application's cached pages
     * where they are. The rows pass through recast's process. When the table has a column whose type
     * has no binary input or output, or the copy converts a column (recast alter), or no second session
     * can be opened, the copy uses {@link #INSERT}.
     */
    COPY,
    /**
     * {@code INSERT ... SELECT} in one session, rows never leave the server; the new table's pages stay
     * dirty in shared_buffers, and every page it grows by is first written as zeros to the kernel's
     * cache, which the kernel writes in one burst about 30 s later.
     */
    INSERT
}
