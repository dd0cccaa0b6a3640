package io.recast.engine.internal.catalog;

/**
 * The catalog queries that find what points at or depends on the table: incoming foreign keys,
 * publications, views, materialized views (with their indexes and column comments), routines and
 * rules, which the swap moves, and the other dependents, which refuse the run. Bound to the
 * table's oid, like {@link CatalogQueries}.
 */
final class DependentQueries {
    private DependentQueries() {
    }

    /**
     * Foreign keys of other tables (not partitions' inherited copies) that reference the table or, for a
     * partition, a partitioned table above it: the swap drops those too, so that detaching the old
     * partition checks no referencing row, and adds them back, NOT VALID, once the new one is attached.
     */
    static final String INCOMING_KEYS = """
            SELECT n.nspname, c.relname, c.relkind::text AS relkind, con.conname, pg_get_constraintdef(con.oid) AS def,
                   con.convalidated, obj_description(con.oid, 'pg_constraint') AS comment
            FROM pg_constraint con
            JOIN pg_class c ON c.oid = con.conrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace, (SELECT ?::oid AS oid) c0
            WHERE con.confrelid IN (SELECT relid FROM pg_partition_ancestors(c0.oid) UNION ALL SELECT c0.oid)
              AND con.conrelid <> con.confrelid AND con.contype = 'f' AND con.conparentid = 0
            ORDER BY n.nspname, c.relname, con.conname
            """;

    /**
     * Publications that list the table by name, with their column list and row filter (15+). FOR
     * TABLES IN SCHEMA membership needs nothing: the new table takes the old one's schema.
     */
    static String publications(int version) {
        String columns = version >= 150000
                ? "ARRAY(SELECT a.attname::text FROM pg_attribute a WHERE a.attrelid = pr.prrelid "
                        + "AND a.attnum = ANY (pr.prattrs) ORDER BY a.attnum)"
                : "ARRAY[]::text[]";
        String filter = version >= 150000 ? "pg_get_expr(pr.prqual, pr.prrelid)" : "NULL::text";
        return """
                SELECT p.pubname, %s AS columns, %s AS row_filter,
                       pg_has_role(current_user, p.pubowner, 'USAGE') AS can_alter,
                       pg_get_userbyid(p.pubowner) AS owner
                FROM pg_publication_rel pr JOIN pg_publication p ON p.oid = pr.prpubid
                WHERE pr.prrelid = ?
                ORDER BY p.pubname
                """.formatted(columns, filter);
    }

    /**
     * Objects outside the table that depend on it or on its row type and that the swap does not move
     * (yet): objects that use its row type. Their presence is a refusal. Incoming foreign keys, views,
     * materialized views, rules, SQL-standard function bodies that read the table (see their queries) and inheritance
     * children are moved,
     * so they are left out here.
     */
    static final String DEPENDENTS = """
            SELECT DISTINCT pg_describe_object(d.classid, d.objid, d.objsubid) AS what
            FROM pg_depend d, pg_class c
            WHERE c.oid = ?
              AND ((d.refclassid = 'pg_class'::regclass AND d.refobjid = c.oid)
                   OR (d.refclassid = 'pg_type'::regclass
                       AND d.refobjid IN (c.reltype, (SELECT typarray FROM pg_type WHERE oid = c.reltype))))
              AND d.deptype IN ('n', 'a')
              AND NOT (d.classid = 'pg_class'::regclass
                       AND (d.objid IN (SELECT indexrelid FROM pg_index WHERE indrelid = c.oid)
                            OR d.objid IN (SELECT inhrelid FROM pg_inherits WHERE inhparent = c.oid)
                            OR d.objid = c.oid
                            OR (d.deptype = 'a' AND EXISTS (SELECT 1 FROM pg_class s WHERE s.oid = d.objid AND s.relkind = 'S'))))
              AND NOT (d.classid = 'pg_constraint'::regclass
                       AND d.objid IN (SELECT oid FROM pg_constraint WHERE conrelid = c.oid
                                       OR (confrelid = c.oid AND contype = 'f')))
              AND NOT (d.classid = 'pg_rewrite'::regclass AND d.refclassid = 'pg_class'::regclass
                       AND d.objid IN (SELECT r.oid FROM pg_rewrite r JOIN pg_class v ON v.oid = r.ev_class
                                       WHERE (v.relkind IN ('v', 'm') AND r.rulename = '_RETURN')
                                          OR r.rulename <> '_RETURN'))
              AND NOT (d.classid = 'pg_proc'::regclass AND d.refclassid = 'pg_class'::regclass)
              AND NOT (d.classid = 'pg_trigger'::regclass
                       AND d.objid IN (SELECT oid FROM pg_trigger WHERE tgrelid = c.oid))
              AND NOT (d.classid = 'pg_publication_rel'::regclass
                       AND d.objid IN (SELECT oid FROM pg_publication_rel WHERE prrelid = c.oid))
              AND NOT (d.classid = 'pg_statistic_ext'::regclass
                       AND d.objid IN (SELECT oid FROM pg_statistic_ext WHERE stxrelid = c.oid))
              AND NOT (d.classid = 'pg_policy'::regclass
                       AND d.objid IN (SELECT oid FROM pg_policy WHERE polrelid = c.oid))
              AND NOT (d.classid = 'pg_attrdef'::regclass
                       AND d.objid IN (SELECT oid FROM pg_attrdef WHERE adrelid = c.oid))
              AND NOT (d.classid = 'pg_type'::regclass
                       AND d.objid IN (c.reltype, (SELECT typarray FROM pg_type WHERE oid = c.reltype)))
            ORDER BY 1
            """;

    /** Views whose query reads the table directly. */
    static final String VIEWS = """
            SELECT DISTINCT v.oid, n.nspname, v.relname, v.reloptions
            FROM pg_depend d
            JOIN pg_rewrite r ON r.oid = d.objid
            JOIN pg_class v ON v.oid = r.ev_class
            JOIN pg_namespace n ON n.oid = v.relnamespace
            WHERE d.classid = 'pg_rewrite'::regclass AND d.refclassid = 'pg_class'::regclass AND d.refobjid = ?
              AND d.deptype = 'n' AND v.relkind = 'v' AND r.rulename = '_RETURN' AND v.oid <> d.refobjid
            ORDER BY n.nspname, v.relname
            """;

    /** The views of a {@link #closure}, with their depth, owner and whether the runner may act as it. */
    private static final String VIEWS_IN_CLOSURE = """
            SELECT v.oid, n.nspname, v.relname, v.reloptions, pg_get_userbyid(v.relowner) AS owner,
                   pg_has_role(current_user, v.relowner, 'USAGE') AS can_own, v.relacl IS NULL AS default_acl,
                   obj_description(v.oid, 'pg_class') AS comment, x.depth
            FROM deepest x JOIN pg_class v ON v.oid = x.oid JOIN pg_namespace n ON n.oid = v.relnamespace
            WHERE v.relkind = 'v'
            ORDER BY x.depth, n.nspname, v.relname
            """;

    /**
     * The views that read the given columns of the table, and the views that read those, and so on,
     * each with its depth (a view comes after every view it reads), its owner and whether the runner
     * may act as it. Binds: the table's oid, the columns' attnums (int8[]).
     */
    static final String VIEWS_ON_COLUMNS = closure("d.refobjid = ? AND d.refobjsubid = ANY (?::int8[])", "'v'", "'v'")
            + VIEWS_IN_CLOSURE;

    /** The oids of the views {@link #VIEWS_ON_COLUMNS} finds. Same binds. */
    static final String VIEW_OIDS_ON_COLUMNS = closure("d.refobjid = ? AND d.refobjsubid = ANY (?::int8[])", "'v'", "'v'")
            + "SELECT x.oid FROM deepest x JOIN pg_class v ON v.oid = x.oid WHERE v.relkind = 'v' ORDER BY 1";

    /**
     * Where the materialized views that the swap builds again start: those that read the table or any
     * of the given relations (int8[]: the views recast alter creates again for changed columns, which
     * such a materialized view reads instead of the table; empty for repack).
     */
    private static final String MATERIALIZED_VIEWS_START = "(d.refobjid = ? OR d.refobjid = ANY (?::int8[]))";

    /**
     * The views that the swap drops and builds again around the materialized views it builds again
     * (see {@link #MATERIALIZED_VIEWS}): those that read them, directly or through other views and
     * materialized views, each with its depth in that closure. Binds: the table's oid, the relations'.
     */
    static final String VIEWS_ON_MATERIALIZED_VIEWS = closure(MATERIALIZED_VIEWS_START, "'m'", "'v', 'm'")
            + VIEWS_IN_CLOSURE;

    /**
     * The relations that read the table (or the columns {@code start} binds) through their query
     * (their _RETURN rule), of the kinds {@code startKinds}, then the relations of the kinds
     * {@code kinds} that read those, and so on: {@code deepest} holds each with its longest path, so
     * that each comes after everything it reads.
     */
    private static String closure(String start, String startKinds, String kinds) {
        return """
            WITH RECURSIVE reads(oid, depth) AS (
                SELECT r.ev_class, 1
                FROM pg_depend d JOIN pg_rewrite r ON r.oid = d.objid JOIN pg_class v ON v.oid = r.ev_class
                WHERE d.classid = 'pg_rewrite'::regclass AND d.refclassid = 'pg_class'::regclass AND %s
                  AND d.deptype = 'n' AND r.rulename = '_RETURN' AND v.relkind IN (%s)
                UNION
                SELECT r.ev_class, x.depth + 1
                FROM reads x JOIN pg_depend d ON d.refclassid = 'pg_class'::regclass AND d.refobjid = x.oid
                JOIN pg_rewrite r ON d.classid = 'pg_rewrite'::regclass AND r.oid = d.objid
                JOIN pg_class v ON v.oid = r.ev_class
                WHERE r.rulename = '_RETURN' AND v.relkind IN (%s) AND r.ev_class <> x.oid AND x.depth < 100
            ), deepest AS (SELECT oid, max(depth) AS depth FROM reads GROUP BY oid)
            """.formatted(start, startKinds, kinds);
    }

    /**
     * Functions and procedures whose SQL-standard body reads any of the given relations (int8[]): the
     * views recast alter creates again for changed columns.
     */
    static final String ROUTINES_ON_RELATIONS = """
            SELECT DISTINCT p.oid, p.oid::regprocedure::text AS signature
            FROM pg_depend d JOIN pg_proc p ON p.oid = d.objid
            WHERE d.classid = 'pg_proc'::regclass AND d.refclassid = 'pg_class'::regclass
              AND d.refobjid = ANY (?::int8[]) AND d.deptype = 'n'
            ORDER BY 2
            """;

    /** As {@link #RULES}, for the rules on or naming any of the given relations (int8[], bound three times). */
    static final String RULES_ON_RELATIONS = """
            SELECT r.oid, r.rulename, false AS on_table, r.ev_class = ANY (?::int8[]) AS on_rebuilt,
                   (SELECT format('%I.%I', rn.nspname, rc.relname) FROM pg_class rc
                    JOIN pg_namespace rn ON rn.oid = rc.relnamespace WHERE rc.oid = r.ev_class) AS relation,
                   r.ev_enabled::text AS enabled, obj_description(r.oid, 'pg_rewrite') AS comment
            FROM pg_rewrite r
            WHERE r.rulename <> '_RETURN'
              AND (r.ev_class = ANY (?::int8[])
                   OR r.oid IN (SELECT d.objid FROM pg_depend d WHERE d.classid = 'pg_rewrite'::regclass
                                  AND d.refclassid = 'pg_class'::regclass AND d.refobjid = ANY (?::int8[])))
            ORDER BY r.rulename
            """;

    /** A view's column defaults (ALTER VIEW ... ALTER COLUMN ... SET DEFAULT). */
    static final String VIEW_DEFAULTS = """
            SELECT a.attname, pg_get_expr(d.adbin, d.adrelid) AS expr
            FROM pg_attrdef d JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum
            WHERE d.adrelid = ? ORDER BY a.attnum
            """;

    /** A view's triggers (INSTEAD OF, or statement triggers), complete, with their comments. */
    static final String VIEW_TRIGGERS = """
            SELECT pg_get_triggerdef(t.oid) AS def, obj_description(t.oid, 'pg_trigger') AS comment, t.tgname
            FROM pg_trigger t WHERE t.tgrelid = ? AND NOT t.tgisinternal ORDER BY t.tgname
            """;

    /**
     * What else depends on a view the swap makes again (bind its oid twice, then the oids of the
     * materialized views the swap builds again), apart from its own rule, triggers and defaults, the
     * views and those materialized views that read it, and the rules and routines that name it (the swap
     * replaces them from their definitions): objects that would keep the old view from being dropped.
     */
    static final String VIEW_OTHER_DEPENDENTS = """
            SELECT DISTINCT pg_describe_object(d.classid, d.objid, d.objsubid)
            FROM pg_depend d
            WHERE d.refclassid = 'pg_class'::regclass AND d.refobjid = ? AND d.deptype = 'n'
              AND NOT (d.classid = 'pg_rewrite'::regclass AND d.objid IN (
                  SELECT r.oid FROM pg_rewrite r JOIN pg_class v ON v.oid = r.ev_class
                  WHERE r.rulename = '_RETURN' AND (v.relkind = 'v' OR v.oid = ? OR v.oid = ANY (?::int8[]))))
              AND NOT d.classid IN ('pg_trigger'::regclass, 'pg_attrdef'::regclass)
              AND NOT (d.classid = 'pg_proc'::regclass OR (d.classid = 'pg_rewrite'::regclass
                                                            AND d.objid IN (SELECT oid FROM pg_rewrite WHERE rulename <> '_RETURN')))
            ORDER BY 1
            """;

    /**
     * The materialized views that the swap drops and builds again: those whose query reads the table
     * (or one of the relations {@link #MATERIALIZED_VIEWS_START} adds), and those that read them,
     * directly or through views (see {@link #VIEWS_ON_MATERIALIZED_VIEWS}), each with its depth;
     * {@code dependents} names what else depends on each, apart from the views and materialized views
     * that read it (which the swap builds again after it) and the rules and routines that name it
     * (which it re-points, see {@link #ROUTINES} and {@link #RULES}). Binds: the table's oid, the
     * relations'.
     */
    static final String MATERIALIZED_VIEWS = closure(MATERIALIZED_VIEWS_START, "'m'", "'v', 'm'") + """
            SELECT m.oid, n.nspname, m.relname, pg_get_userbyid(m.relowner) AS owner, ts.spcname AS tablespace,
                   pg_has_role(current_user, m.relowner, 'USAGE') AS can_own,
                   m.reloptions, m.relispopulated, obj_description(m.oid, 'pg_class') AS comment,
                   m.relacl IS NULL AS default_acl, greatest(m.reltuples, 0)::bigint AS row_estimate,
                   pg_total_relation_size(m.oid) AS total_bytes, x.depth,
                   ARRAY(SELECT pg_describe_object(md.classid, md.objid, md.objsubid) FROM pg_depend md
                         WHERE md.refclassid = 'pg_class'::regclass AND md.refobjid = m.oid AND md.deptype = 'n'
                           AND md.classid NOT IN ('pg_rewrite'::regclass, 'pg_proc'::regclass)
                         ORDER BY 1) AS dependents
            FROM deepest x
            JOIN pg_class m ON m.oid = x.oid
            JOIN pg_namespace n ON n.oid = m.relnamespace
            LEFT JOIN pg_tablespace ts ON ts.oid = m.reltablespace
            WHERE m.relkind = 'm'
            ORDER BY x.depth, n.nspname, m.relname
            """;

    /** The indexes of a materialized view, as pg_get_indexdef() prints them. */
    static final String MATERIALIZED_VIEW_INDEXES = """
            SELECT ic.relname, pg_get_indexdef(i.indexrelid) AS def, its.spcname AS tablespace, i.indisclustered,
                   obj_description(i.indexrelid, 'pg_class') AS comment
            FROM pg_index i
            JOIN pg_class ic ON ic.oid = i.indexrelid
            LEFT JOIN pg_tablespace its ON its.oid = ic.reltablespace
            WHERE i.indrelid = ?
            ORDER BY ic.relname
            """;

    static final String COLUMN_COMMENTS = """
            SELECT a.attname, col_description(a.attrelid, a.attnum) AS comment
            FROM pg_attribute a
            WHERE a.attrelid = ? AND a.attnum > 0 AND NOT a.attisdropped AND col_description(a.attrelid, a.attnum) IS NOT NULL
            ORDER BY a.attnum
            """;

    /**
     * Functions and procedures whose SQL-standard body reads the table, or a materialized view the swap
     * builds again or a view on one (see {@link #MATERIALIZED_VIEWS}): the swap replaces each with its
     * own definition, which then names the new ones. Binds: the table's oid, twice.
     */
    static final String ROUTINES = closure("d.refobjid = ?", "'m'", "'v', 'm'") + """
            SELECT DISTINCT p.oid, p.oid::regprocedure::text AS signature
            FROM pg_depend d JOIN pg_proc p ON p.oid = d.objid
            WHERE d.classid = 'pg_proc'::regclass AND d.refclassid = 'pg_class'::regclass
              AND (d.refobjid = ? OR d.refobjid IN (SELECT oid FROM deepest)) AND d.deptype = 'n'
            ORDER BY 2
            """;

    /**
     * Rules on the table, rules on other tables or views whose actions name it, and the same for the
     * views and materialized views the swap builds again (see {@link #MATERIALIZED_VIEWS}): a rule on
     * one of those views ({@code on_rebuilt}) is made again on the new view. Binds: the table's oid,
     * four times more.
     */
    static final String RULES = closure("d.refobjid = ?", "'m'", "'v', 'm'") + """
            SELECT r.oid, r.rulename, r.ev_class = ? AS on_table, r.ev_class IN (SELECT oid FROM deepest) AS on_rebuilt,
                   (SELECT format('%I.%I', rn.nspname, rc.relname) FROM pg_class rc
                    JOIN pg_namespace rn ON rn.oid = rc.relnamespace WHERE rc.oid = r.ev_class) AS relation,
                   r.ev_enabled::text AS enabled, obj_description(r.oid, 'pg_rewrite') AS comment
            FROM pg_rewrite r
            WHERE r.rulename <> '_RETURN'
              AND (r.ev_class = ? OR r.ev_class IN (SELECT oid FROM deepest)
                   OR r.oid IN (SELECT d.objid FROM pg_depend d WHERE d.classid = 'pg_rewrite'::regclass
                                  AND d.refclassid = 'pg_class'::regclass
                                  AND (d.refobjid = ? OR d.refobjid IN (SELECT oid FROM deepest))))
            ORDER BY r.ev_class = ? DESC, r.rulename
            """;
}
