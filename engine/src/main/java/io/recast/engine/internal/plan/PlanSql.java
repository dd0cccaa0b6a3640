package io.recast.engine.internal.plan;

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
}
