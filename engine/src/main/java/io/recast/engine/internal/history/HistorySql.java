package io.recast.engine.internal.history;

/**
 * The history table: {@code recast_history.actions}, in a schema of its own that no clean-up drops
 * (the {@code recast} schema goes when no run needs it).
 */
final class HistorySql {
    private HistorySql() {
    }

    static final String SCHEMA = "recast_history";
    static final String TABLE = "recast_history.actions";
    /** Serializes the creation of the schema and table by concurrent first runs (pg_advisory_xact_lock key). */
    static final long CREATE_LOCK_KEY = 0x7265636173746869L;

    static final String EXISTS = """
            SELECT EXISTS (SELECT FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                            WHERE n.nspname = 'recast_history' AND c.relname = 'actions')""";

    /** Whether the table exists and this role may read it (another role's history may be closed to it). */
    static final String READABLE = """
            SELECT EXISTS (SELECT FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                            WHERE n.nspname = 'recast_history' AND c.relname = 'actions'
                              AND has_schema_privilege(n.oid, 'USAGE') AND has_table_privilege(c.oid, 'SELECT'))""";

    static final String LOCK = "SELECT pg_advisory_xact_lock(?)";

    static final String CREATE_SCHEMA = "CREATE SCHEMA IF NOT EXISTS recast_history";

    static final String COMMENT = "COMMENT ON SCHEMA recast_history IS 'what recast did, kept across runs for "
            + "recast history and maintain --min-interval; drop it to forget'";

    /** Whether a FOR ALL TABLES publication exists: the table is then made unlogged from the start. */
    static final String ALL_TABLES_PUBLICATION = "SELECT EXISTS (SELECT 1 FROM pg_publication WHERE puballtables)";

    /** The table; {@code %s}: UNLOGGED or nothing. */
    static final String CREATE_TABLE = """
            CREATE %sTABLE IF NOT EXISTS recast_history.actions (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                schema_name text NOT NULL,
                relation_name text NOT NULL,
                table_name text NOT NULL,
                action text NOT NULL,
                started_at timestamptz NOT NULL DEFAULT clock_timestamp(),
                finished_at timestamptz,
                size_before bigint,
                size_after bigint,
                lock_hold_ms bigint,
                outcome text NOT NULL DEFAULT 'running',
                error text,
                maintain_run bigint
            )""";

    static final String CREATE_INDEX = "CREATE INDEX IF NOT EXISTS actions_relation "
            + "ON recast_history.actions (schema_name, relation_name, finished_at)";

    /**
     * Logged while a FOR ALL TABLES publication exists, its rows would reach subscribers that lack the
     * table (and stop them): unlogged then, as the job table is.
     */
    static final String LOGGED_UNDER_ALL_TABLES_PUBLICATION = "SELECT EXISTS (SELECT 1 FROM pg_publication WHERE "
            + "puballtables) AND (SELECT relpersistence = 'p' FROM pg_class WHERE oid = to_regclass('recast_history.actions'))";

    static final String UNLOG = "ALTER TABLE recast_history.actions SET UNLOGGED";

    /** A relation's schema, name, display name and total size ({@code ?}: its name as PostgreSQL parses it). */
    static final String RELATION = """
            SELECT n.nspname, c.relname, format('%I.%I', n.nspname, c.relname),
                   CASE WHEN c.relkind = 'p' THEN
                     (SELECT coalesce(sum(pg_total_relation_size(p.relid)), 0) FROM pg_partition_tree(c.oid) p)::bigint
                   ELSE pg_total_relation_size(c.oid) END
              FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE c.oid = to_regclass(?)""";

    /** The size of what a name means now ({@code ?}: the display name); null when it is gone. */
    static final String SIZE_NOW = """
            SELECT CASE WHEN c.relkind = 'p' THEN
                     (SELECT coalesce(sum(pg_total_relation_size(p.relid)), 0) FROM pg_partition_tree(c.oid) p)::bigint
                   ELSE pg_total_relation_size(c.oid) END
              FROM pg_class c WHERE c.oid = to_regclass(?)""";

    static final String INSERT = """
            INSERT INTO recast_history.actions (schema_name, relation_name, table_name, action, size_before, maintain_run)
            VALUES (?, ?, ?, ?, ?, ?) RETURNING id""";

    static final String FINISH = """
            UPDATE recast_history.actions
               SET finished_at = clock_timestamp(), outcome = ?, size_after = ?, lock_hold_ms = ?, error = ?
             WHERE id = ?""";

    /** The entries since {@code ?} (a timestamptz), newest first. */
    static final String LIST = """
            SELECT id, schema_name, relation_name, table_name, action, started_at, finished_at, size_before, size_after,
                   lock_hold_ms, outcome, error, maintain_run
              FROM recast_history.actions
             WHERE started_at >= ?
             ORDER BY id DESC""";

    /** Earlier entries of the relation still "running", whose process stopped: a resume ({@code ?} its id) goes on with them. */
    static final String RESUMED = """
            UPDATE recast_history.actions o SET outcome = 'stopped', finished_at = n.started_at,
                   error = 'its process stopped; resumed by action ' || n.id
              FROM recast_history.actions n
             WHERE n.id = ? AND o.schema_name = n.schema_name AND o.relation_name = n.relation_name
               AND o.id < n.id AND o.outcome = 'running'""";

    /**
     * The bytes per second of the last 20 actions of a kind ({@code ?}) that ended done and ran at least a
     * second, each as its size before over its duration.
     */
    static final String RATES = """
            SELECT size_before / extract(epoch FROM finished_at - started_at)
              FROM recast_history.actions
             WHERE action = ? AND outcome = 'done' AND size_before > 0
               AND finished_at - started_at >= interval '1 second'
             ORDER BY id DESC LIMIT 20""";

    /** Each relation's last action that ended done, as schema, name, action and when. */
    static final String LAST_DONE = """
            SELECT DISTINCT ON (schema_name, relation_name) schema_name, relation_name, action, finished_at
              FROM recast_history.actions
             WHERE outcome = 'done' AND finished_at IS NOT NULL AND action <> 'maintain'
             ORDER BY schema_name, relation_name, finished_at DESC""";
}
