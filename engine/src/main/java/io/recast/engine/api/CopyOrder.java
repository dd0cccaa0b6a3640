package io.recast.engine.api;

/** The order in which the backfill reads the table. */
public enum CopyOrder {
    /**
     * By ranges of the table's blocks, as they lie on disk (a TID range scan, PostgreSQL 14+): a
     * sequential read, close to one INSERT ... SELECT of the whole table. Rows moved by updates during
     * the copy are skipped once their key is in the change log and copied by the replay instead. Key
     * order on PostgreSQL 13, which has no TID range scan.
     */
    PHYSICAL,
    /** By ranges of the key, through its index: the new table's rows end up in key order (as pg_repack's). */
    KEY
}
