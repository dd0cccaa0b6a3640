package io.recast.engine.internal.bloat;

import io.recast.engine.internal.sql.Sql;

/** The catalog, statistics and pgstattuple queries of {@code bloat}. */
public final class BloatSql {
    private BloatSql() {
    }

    /** The databases this role may connect to, templates left out. */
    public static final String DATABASES = """
            SELECT datname FROM pg_database
             WHERE datallowconn AND NOT datistemplate AND has_database_privilege(datname, 'CONNECT')
             ORDER BY datname""";

    /** The server's page size. */
    static final String BLOCK_SIZE = "SELECT current_setting('block_size')::int";

    /**
     * The tables (partitions included; partitioned tables hold no rows themselves) of every schema but
     * the system's and recast's, or of the one given ({@code ?} twice: the schema, or null).
     */
    static final String TABLES = """
            SELECT c.oid, n.nspname, c.relname, format('%I.%I', n.nspname, c.relname) AS display,
                   pg_relation_size(c.oid) AS heap_bytes,
                   coalesce(pg_relation_size(c.reltoastrelid), 0) AS toast_bytes, c.reltoastrelid,
                   coalesce(t.reltuples::float8, -1) AS toast_tuples, coalesce(am.amname, 'heap') AS amname,
                   c.reltuples::float8 AS reltuples, c.relnatts,
                   coalesce((SELECT split_part(o, '=', 2)::int FROM unnest(c.reloptions) o
                             WHERE o LIKE 'fillfactor=%'), 100) AS fillfactor,
                   s.n_live_tup, s.n_dead_tup, s.n_mod_since_analyze,
                   greatest(s.last_vacuum, s.last_autovacuum) AS last_vacuum,
                   greatest(s.last_analyze, s.last_autoanalyze) AS last_analyze
              FROM pg_class c
              JOIN pg_namespace n ON n.oid = c.relnamespace
              LEFT JOIN pg_class t ON t.oid = c.reltoastrelid
              LEFT JOIN pg_am am ON am.oid = c.relam
              LEFT JOIN pg_stat_all_tables s ON s.relid = c.oid
             WHERE c.relkind = 'r' AND c.relpersistence <> 't'
               AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'recast')
               AND n.nspname !~ '^pg_(toast|temp_|toast_temp_)'
               AND (?::text IS NULL OR n.nspname = ?)
             ORDER BY n.nspname, c.relname""";

    /**
     * The columns of the tables in {@code ?} (an oid array), dropped ones included (their values stay
     * in the rows until a rewrite), with their statistics where this role may read them.
     */
    static final String TABLE_COLUMNS = """
            SELECT a.attrelid, a.attnum, a.attlen, a.attalign, a.attisdropped,
                   s.avg_width, s.null_frac::float8 AS null_frac
              FROM pg_attribute a
              JOIN pg_class c ON c.oid = a.attrelid
              JOIN pg_namespace n ON n.oid = c.relnamespace
              LEFT JOIN pg_stats s ON s.schemaname = n.nspname AND s.tablename = c.relname
                                  AND s.attname = a.attname AND NOT s.inherited
             WHERE a.attrelid = ANY (?) AND a.attnum > 0
             ORDER BY a.attrelid, a.attnum""";

    /**
     * The indexes of the tables in {@code ?} (an oid array): access method, size, rows, fillfactor, and
     * whether a btree could deduplicate (13+: every key column's operator class has an equalimage
     * function, no INCLUDE columns, not switched off).
     */
    static final String INDEXES = """
            SELECT i.indexrelid, i.indrelid, n.nspname, ic.relname, format('%I.%I', n.nspname, ic.relname) AS display,
                   am.amname, pg_relation_size(i.indexrelid) AS bytes, ic.reltuples::float8 AS reltuples,
                   i.indisunique, i.indisvalid, i.indnkeyatts, i.indexprs IS NOT NULL AS has_expressions,
                   i.indpred IS NOT NULL AS partial,
                   coalesce((SELECT split_part(o, '=', 2)::int FROM unnest(ic.reloptions) o
                             WHERE o LIKE 'fillfactor=%'), 90) AS fillfactor,
                   current_setting('server_version_num')::int >= 130000
                     AND i.indnatts = i.indnkeyatts
                     AND NOT coalesce((SELECT split_part(o, '=', 2) IN ('off', 'false', '0') FROM unnest(ic.reloptions) o
                                       WHERE o LIKE 'deduplicate_items=%'), false)
                     AND NOT EXISTS (SELECT FROM unnest(i.indclass::oid[]) k(opclass)
                                       JOIN pg_opclass o ON o.oid = k.opclass
                                      WHERE NOT EXISTS (SELECT FROM pg_amproc p
                                                         WHERE p.amprocfamily = o.opcfamily AND p.amprocnum = 4
                                                           AND p.amproclefttype = o.opcintype
                                                           AND p.amprocrighttype = o.opcintype)) AS deduplicates
              FROM pg_index i
              JOIN pg_class ic ON ic.oid = i.indexrelid
              JOIN pg_namespace n ON n.oid = ic.relnamespace
              JOIN pg_am am ON am.oid = ic.relam
             WHERE i.indrelid = ANY (?)
             ORDER BY i.indrelid, ic.relname""";

    /**
     * The columns of the indexes in {@code ?} (an oid array), with the statistics of the table's column
     * they hold, or of the expression (ANALYZE keeps those under the index's name).
     */
    static final String INDEX_COLUMNS = """
            SELECT a.attrelid, a.attnum, a.attlen, a.attalign, false AS attisdropped,
                   i.indkey[a.attnum - 1] = 0 AS expression,
                   s.avg_width, s.null_frac::float8 AS null_frac, s.n_distinct::float8 AS n_distinct
              FROM pg_attribute a
              JOIN pg_index i ON i.indexrelid = a.attrelid
              JOIN pg_class ic ON ic.oid = i.indexrelid
              JOIN pg_class tc ON tc.oid = i.indrelid
              JOIN pg_namespace n ON n.oid = tc.relnamespace
              LEFT JOIN pg_attribute ta ON ta.attrelid = i.indrelid AND ta.attnum = i.indkey[a.attnum - 1]
                                       AND i.indkey[a.attnum - 1] <> 0
              LEFT JOIN pg_stats s ON s.schemaname = n.nspname AND NOT s.inherited
                                  AND s.tablename = CASE WHEN ta.attname IS NULL THEN ic.relname ELSE tc.relname END
                                  AND s.attname = coalesce(ta.attname, a.attname)
             WHERE a.attrelid = ANY (?) AND a.attnum > 0
             ORDER BY a.attrelid, a.attnum""";

    /** The schema pgstattuple is installed in, when it is. */
    static final String PGSTATTUPLE_SCHEMA = """
            SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
             WHERE e.extname = 'pgstattuple'""";

    /** Whether this role may run both functions ({@code ?} twice: their signatures, qualified). */
    static final String MAY_EXECUTE = "SELECT has_function_privilege(?, 'EXECUTE') AND has_function_privilege(?, 'EXECUTE')";

    static String approxSignature(String schema) {
        return Sql.ident(schema) + ".pgstattuple_approx(regclass)";
    }

    static String indexSignature(String schema) {
        return Sql.ident(schema) + ".pgstatindex(regclass)";
    }

    /** A table's (or TOAST table's) live and dead tuples and free space, from its pages ({@code ?}: its oid). */
    static String approx(String schema) {
        return "SELECT table_len, approx_tuple_count::float8, approx_tuple_len::float8, dead_tuple_count::float8, "
                + "dead_tuple_len::float8, approx_free_space::float8, scanned_percent::float8 FROM " + Sql.ident(schema)
                + ".pgstattuple_approx(?::oid::regclass)";
    }

    /** A btree's pages and leaf density, read from its pages ({@code ?}: its oid). */
    static String index(String schema) {
        return "SELECT index_size, internal_pages, leaf_pages, empty_pages, deleted_pages, avg_leaf_density::float8 FROM "
                + Sql.ident(schema) + ".pgstatindex(?::oid::regclass)";
    }

    /** Each measurement waits at most this long for its relation's lock, so it never queues in front of the application. */
    static final String LOCK_TIMEOUT = "SET lock_timeout = '1s'";
}
