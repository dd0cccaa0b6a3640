package io.recast.engine.internal.cleanup;

import static io.recast.engine.internal.sql.Sql.ident;

/** SQL that finds what a run left behind. */
final class CleanupSql {
    private CleanupSql() {
    }

    /** The quoted, qualified name of a table by oid, if it still exists. */
    static final String TABLE_BY_OID = """
            SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname)
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = ?
            """;

    /** Our triggers on a table, by name, whatever table they are on. */
    static final String OUR_TRIGGERS = """
            SELECT t.tgname, quote_ident(n.nspname) || '.' || quote_ident(c.relname)
            FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE t.tgname IN (?, ?)
            """;

    /** One of our triggers, by the name and table {@link #OUR_TRIGGERS} found (the table already quoted). */
    static String dropTrigger(String trigger, String quotedTable) {
        return "DROP TRIGGER IF EXISTS " + ident(trigger) + " ON " + quotedTable;
    }

    /** Our CHECK constraint by name (on a DEFAULT partition), and its table, quoted and qualified. */
    static final String OUR_CONSTRAINTS = """
            SELECT con.conname, quote_ident(n.nspname) || '.' || quote_ident(c.relname)
            FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE con.conname = ?
            """;

    static String dropConstraint(String constraint, String quotedTable) {
        return "ALTER TABLE " + quotedTable + " DROP CONSTRAINT IF EXISTS " + ident(constraint);
    }

    /** The exclusive schema lock, granted only while no run holds its shared one; bind ArtifactNames.SCHEMA_LOCK_KEY. */
    static final String TRY_SCHEMA_LOCK = "SELECT pg_try_advisory_lock(?)";

    static final String SCHEMA_UNLOCK = "SELECT pg_advisory_unlock(?)";

    static final String SCHEMA_COMMENT = "SELECT obj_description(to_regnamespace(?), 'pg_namespace')";

    /**
     * What a run on a table left: its shadow, log and old table (params: their qualified names), its
     * triggers on the table (the table's oid and the two trigger names) and its capture function's
     * body, or NULL (its signature).
     */
    static final String INVENTORY = """
            SELECT to_regclass(?) IS NOT NULL AS shadow, to_regclass(?) IS NOT NULL AS log,
                   to_regclass(?) IS NOT NULL AS old,
                   (SELECT count(*) FROM pg_trigger WHERE tgrelid = ? AND tgname IN (?, ?)) AS triggers,
                   (SELECT prosrc FROM pg_proc WHERE oid = to_regprocedure(?)) AS function_body
            """;
}
