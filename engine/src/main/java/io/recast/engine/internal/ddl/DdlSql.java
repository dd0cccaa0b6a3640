package io.recast.engine.internal.ddl;

import io.recast.engine.internal.sql.Sql;

/** The SQL of planning and running DDL: catalog reads, the probe's copy, the steps Recast adds. */
final class DdlSql {
    private DdlSql() {
    }

    /** The relation a name denotes, resolved as the session resolves it (its search_path): oid, schema, name, kind. */
    static String resolve() {
        return """
                SELECT c.oid, n.nspname, c.relname, c.relkind, c.relpersistence
                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE c.oid = to_regclass(?)
                """;
    }

    /** The table an index belongs to. */
    static String tableOfIndex() {
        return "SELECT indrelid FROM pg_index WHERE indexrelid = ?";
    }

    static String relation() {
        return """
                SELECT c.oid, n.nspname, c.relname, c.relkind, c.relpersistence
                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE c.oid = ?
                """;
    }

    /** Whether the table is in the named tablespace already (0 in reltablespace: the database's default). */
    static String inTablespace() {
        return """
                SELECT coalesce(nullif(c.reltablespace, 0), d.dattablespace) = t.oid
                FROM pg_class c, pg_database d, pg_tablespace t
                WHERE c.oid = ? AND d.datname = current_database() AND t.spcname = ?
                """;
    }

    static String constraintNameTaken() {
        return "SELECT EXISTS (SELECT FROM pg_constraint WHERE conname = ? AND connamespace = ?::regnamespace)";
    }

    /** The probe's copy: an empty temporary table with the same name, columns, defaults, constraints and indexes. */
    static String createCopy(String probe, String table) {
        return "CREATE TEMPORARY TABLE " + probe + " (LIKE " + table + " INCLUDING ALL)";
    }

    static String dropCopy(String probe) {
        return "DROP TABLE " + probe;
    }

    static String exists() {
        return "SELECT to_regclass(?) IS NOT NULL";
    }

    static String oidOrZero() {
        return "SELECT coalesce(to_regclass(?)::oid, 0)";
    }

    static String oid() {
        return "SELECT ?::regclass::oid";
    }

    static String probeName(String relname) {
        return "pg_temp." + Sql.ident(relname);
    }

    /**
     * What a sub-command did to the copy, read inside the probe's transaction: its relfilenode (a
     * new one: rewritten), its sequential scans in this transaction (a validation scan; a rewrite and
     * an index build scan too), the file nodes of its indexes (a new one: an index was built) and
     * its constraint names.
     */
    static String copyState() {
        return """
                SELECT pg_relation_filenode(c.oid) AS filenode,
                       pg_stat_get_xact_numscans(c.oid) AS scans,
                       ARRAY(SELECT pg_relation_filenode(i.indexrelid)::text FROM pg_index i
                             WHERE i.indrelid = c.oid ORDER BY 1) AS index_filenodes,
                       ARRAY(SELECT conname::text FROM pg_constraint WHERE conrelid = c.oid ORDER BY 1) AS constraints
                FROM pg_class c WHERE c.oid = ?
                """;
    }

    /** The lock modes this session holds on a relation. */
    static String heldLocks() {
        return "SELECT mode FROM pg_locks WHERE pid = pg_backend_pid() AND locktype = 'relation' AND relation = ?";
    }

    /** The table's indexes: name (qualified, quoted), file node and whether valid. */
    static String indexes() {
        return """
                SELECT i.indexrelid, quote_ident(n.nspname) || '.' || quote_ident(c.relname) AS name, i.indisvalid
                FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE i.indrelid = ?
                """;
    }

    static String dropIndexConcurrently(String qualifiedIndex) {
        return "DROP INDEX CONCURRENTLY IF EXISTS " + qualifiedIndex;
    }

    /** Each sub-command on the copy is tried on its own: a failing one leaves the others' locks to read. */
    static final String SAVEPOINT = "SAVEPOINT probe";

    static final String ROLLBACK_TO_SAVEPOINT = "ROLLBACK TO SAVEPOINT probe";

    static String setLockTimeout(long millis) {
        return "SET lock_timeout = '" + millis + "ms'";
    }

    static String alter(String table, String subCommands) {
        return "ALTER TABLE " + table + " " + subCommands;
    }

    static String addConstraintNotValid(String table, String name, String body) {
        return alter(table, "ADD CONSTRAINT " + Sql.ident(name) + " " + body + " NOT VALID");
    }

    static String validate(String table, String name) {
        return alter(table, "VALIDATE CONSTRAINT " + Sql.ident(name));
    }

    static String notNullCheck(String column) {
        return "CHECK (" + column + " IS NOT NULL)";
    }

    static String setNotNull(String table, String column) {
        return alter(table, "ALTER COLUMN " + column + " SET NOT NULL");
    }

    static String dropConstraint(String table, String name) {
        return alter(table, "DROP CONSTRAINT " + Sql.ident(name));
    }
}
