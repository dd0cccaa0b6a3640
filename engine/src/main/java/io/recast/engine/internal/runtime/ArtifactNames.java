package io.recast.engine.internal.runtime;

import io.recast.engine.internal.sql.Sql;

/**
 * Every artifact's name, derived from the table's oid, so that a fresh process finds them after a
 * crash. The longest, {@code recast_truncate_4294967295}, stays far within 63 bytes.
 */
public record ArtifactNames(long oid) {
    public static final String SCHEMA = "recast";
    public static final String JOBS = "jobs";

    public String logTable() {
        return "log_" + oid;
    }

    public String function() {
        return "capture_" + oid;
    }

    /** Our row trigger on the user's table; triggers live in the table's own namespace. */
    public String trigger() {
        return "recast_capture_" + oid;
    }

    public String truncateTrigger() {
        return "recast_truncate_" + oid;
    }

    public String shadow() {
        return "shadow_" + oid;
    }

    /**
     * The new table's stand-in parent, of the table's shape, while the table has inheritance parents:
     * see {@link io.recast.engine.internal.catalog.Inheritance}.
     */
    public String standIn() {
        return "standin_" + oid;
    }

    public String old() {
        return "old_" + oid;
    }

    /** Temporary name of the shadow's k-th index (and of the constraint it backs). */
    public String shadowIndex(int k) {
        return "shadow_" + oid + "_i" + k;
    }

    /** Temporary name of the shadow's k-th identity sequence. */
    public String shadowSequence(int k) {
        return "shadow_" + oid + "_s" + k;
    }

    /** Temporary name of the shadow's k-th extended statistics object. */
    public String shadowStatistics(int k) {
        return "shadow_" + oid + "_x" + k;
    }

    /** The shadow's CHECK constraint equal to the partition constraint, dropped once it is attached. */
    public String partitionCheck() {
        return "recast_partition_" + oid;
    }

    /**
     * The CHECK on the parent's DEFAULT partition that no row of it belongs to this partition, which
     * spares the attach in the swap its scan of the DEFAULT partition; dropped in the swap.
     */
    public String defaultCheck() {
        return "recast_not_" + oid;
    }

    public String oldStatistics(int k) {
        return "old_" + oid + "_x" + k;
    }

    public String oldIndex(int k) {
        return "old_" + oid + "_i" + k;
    }

    public String oldSequence(int k) {
        return "old_" + oid + "_s" + k;
    }

    public String qLog() {
        return Sql.qualified(SCHEMA, logTable());
    }

    public String qFunction() {
        return Sql.qualified(SCHEMA, function());
    }

    public String qShadow() {
        return Sql.qualified(SCHEMA, shadow());
    }

    public String qStandIn() {
        return Sql.qualified(SCHEMA, standIn());
    }

    public String qOld() {
        return Sql.qualified(SCHEMA, old());
    }

    /**
     * The swap's temporary table, in the cut-over's session, of the rows it moves from the table to
     * the new one after the rename (while a FOR ALL TABLES publication exists).
     */
    public String qStash() {
        return "pg_temp." + Sql.ident("recast_drain_" + oid);
    }

    public static String qJobs() {
        return Sql.qualified(SCHEMA, JOBS);
    }

    /** Key of the session-level advisory lock that marks a run (or cleanup) on this table. */
    public long jobLockKey() {
        return (0x5243L << 32) | oid;
    }

    /** Key of the advisory lock every run holds shared, so the schema is dropped only when idle. */
    public static final long SCHEMA_LOCK_KEY = 0x5244L << 32;
}
