package io.recast.engine.internal.plan;

import io.recast.engine.internal.sql.Sql;

/** Catalog queries of the planner: a table's kind, its partitions, its name as the job table writes it. */
final class PlanSql {
    private PlanSql() {
    }

    static final String IS_PARTITIONED = "SELECT relkind = 'p' FROM pg_class WHERE oid = ?";

    /** The leaves of a partition tree, at every level, qualified and quoted, in the order they are rewritten. */
    static final String LEAVES = """
            SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname)
            FROM pg_partition_tree(?::regclass) t
            JOIN pg_class c ON c.oid = t.relid JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE t.isleaf
            ORDER BY t.level, n.nspname, c.relname
            """;

    static final String SCHEMA_AND_NAME = "SELECT n.nspname, c.relname FROM pg_class c "
            + "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = ?";

    /** A materialized view's query as the swap would run it; bind its oid. */
    static final String VIEW_DEFINITION = "SELECT pg_get_viewdef(?::oid)";

    /** Running a view's query to time it: read only, and bounded. */
    static final String READ_ONLY = "SET TRANSACTION READ ONLY";

    static String statementTimeout(long millis) {
        return "SET LOCAL statement_timeout = " + millis;
    }

    /**
     * Runs a view's query to the end as REFRESH would, without sending its rows: EXPLAIN ANALYZE
     * (wrapping it in a count(*) would let the planner skip work the refresh does).
     */
    static String runQuery(String definition) {
        return "EXPLAIN (ANALYZE, TIMING OFF, COSTS OFF) " + Sql.withoutSemicolon(definition);
    }
}
