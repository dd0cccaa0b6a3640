package io.recast.engine.internal.run;

/** The few statements the orchestration runs itself: the rest belong to the steps' own SQL classes. */
final class RunSql {
    private RunSql() {
    }

    /** Whether an earlier run left its shadow, log, old table or triggers: params shadow, log, old, oid, the two triggers. */
    static final String LEFTOVERS = """
            SELECT to_regclass(?) IS NOT NULL OR to_regclass(?) IS NOT NULL OR to_regclass(?) IS NOT NULL
                OR EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = ? AND tgname IN (?, ?))
            """;

    /** The server's clock, as epoch seconds. */
    static final String NOW = "SELECT extract(epoch FROM clock_timestamp())::float8";

    static final String TOTAL_SIZE = "SELECT pg_total_relation_size(to_regclass(?))";

    /** Whether the relation exists. */
    static final String EXISTS = "SELECT to_regclass(?) IS NOT NULL";
}
