package io.recast.engine.internal.cleanup;

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

    static final String RELATION_EXISTS = "SELECT to_regclass(?) IS NOT NULL";

    static final String FUNCTION_EXISTS = "SELECT to_regprocedure(?) IS NOT NULL";

    static final String SCHEMA_COMMENT = "SELECT obj_description(to_regnamespace(?), 'pg_namespace')";
}
