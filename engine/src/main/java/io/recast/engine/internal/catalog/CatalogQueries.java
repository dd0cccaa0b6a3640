package io.recast.engine.internal.catalog;

/**
 * Every catalog query the inspector runs. After the name is resolved once, each filters by the
 * table's oid. Run with search_path = pg_catalog so that pg_get_expr() and friends qualify names.
 */
final class CatalogQueries {
    private CatalogQueries() {
    }

    /** For the resolving transaction: the search_path the role's settings give, whatever our session set. */
    static final String DEFAULT_SEARCH_PATH = "SET LOCAL search_path TO DEFAULT";

    /** What pg_get_statisticsobjdef() starts with, before the body; its suffix is " FROM " and the table. */
    static String statisticsPrefix(String quotedName) {
        return "CREATE STATISTICS " + quotedName + " ";
    }

    /** What pg_get_indexdef() starts with, before the index body (method, columns, ...). */
    static String indexPrefix(boolean unique, String quotedIndex, String quotedTable) {
        return "CREATE " + (unique ? "UNIQUE " : "") + "INDEX " + quotedIndex + " ON " + quotedTable + " USING ";
    }

    /** Resolves a name as PostgreSQL parses it, with the session's own search_path. */
    static final String RESOLVE = "SELECT to_regclass(?)::oid";

    static final String TABLE = """
            SELECT c.oid, n.nspname, c.relname, c.relkind, c.relpersistence, c.relispartition,
                   (SELECT quote_ident(pn.nspname) || '.' || quote_ident(p.relname)
                    FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhparent JOIN pg_namespace pn ON pn.oid = p.relnamespace
                    WHERE i.inhrelid = c.oid AND c.relispartition) AS partition_parent,
                   CASE WHEN c.relispartition THEN pg_get_expr(c.relpartbound, c.oid) END AS partition_bound,
                   CASE WHEN c.relispartition THEN pg_get_partition_constraintdef(c.oid) END AS partition_constraint,
                   (SELECT quote_ident(dn.nspname) || '.' || quote_ident(d.relname)
                    FROM pg_inherits i JOIN pg_partitioned_table pt ON pt.partrelid = i.inhparent
                    JOIN pg_class d ON d.oid = pt.partdefid JOIN pg_namespace dn ON dn.oid = d.relnamespace
                    WHERE i.inhrelid = c.oid AND c.relispartition AND pt.partdefid <> c.oid) AS default_partition,
                   CASE WHEN c.reloftype <> 0 THEN format_type(c.reloftype, NULL) END AS of_type,
                   (n.nspname IN ('pg_catalog', 'information_schema') OR n.nspname LIKE 'pg\\_toast%') AS system_schema,
                   pg_get_userbyid(c.relowner) AS owner, current_user AS runner,
                   quote_ident(n.nspname) || '.' || quote_ident(c.relname) AS quoted_table,
                   pg_has_role(current_user, c.relowner, 'USAGE') AS can_own,
                   ts.spcname AS tablespace, am.amname AS access_method, c.reloptions, tc.reloptions AS toast_reloptions,
                   c.relreplident, c.relrowsecurity, c.relforcerowsecurity,
                   obj_description(c.oid, 'pg_class') AS comment, c.relacl IS NULL AS default_acl,
                   greatest(c.reltuples, 0)::bigint AS row_estimate, pg_total_relation_size(c.oid) AS total_bytes
            FROM pg_class c
            JOIN pg_namespace n ON n.oid = c.relnamespace
            LEFT JOIN pg_tablespace ts ON ts.oid = c.reltablespace
            LEFT JOIN pg_class tc ON tc.oid = c.reltoastrelid
            LEFT JOIN pg_am am ON am.oid = c.relam
            WHERE c.oid = ?
            """;

    /**
     * The live columns, for the server's version: attcompression exists from 14, virtual generated
     * columns and named NOT NULL constraints (pg_constraint contype 'n') from 18.
     */
    static String columns(int version) {
        String compression = version >= 140000
                ? "CASE a.attcompression WHEN 'p' THEN 'pglz' WHEN 'l' THEN 'lz4' END"
                : "NULL::text";
        String notNullName = version >= 180000
                ? "(SELECT nn.conname FROM pg_constraint nn WHERE nn.conrelid = a.attrelid AND nn.contype = 'n' "
                        + "AND nn.conkey = ARRAY[a.attnum])"
                : "NULL::name";
        return """
                SELECT a.attnum, a.attname, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull,
                       CASE WHEN a.attcollation <> 0 AND a.attcollation <> t.typcollation
                            THEN quote_ident(cn.nspname) || '.' || quote_ident(co.collname) END AS collation,
                       pg_get_expr(d.adbin, d.adrelid) AS default_expr,
                       CASE a.attgenerated WHEN 's' THEN 'STORED' WHEN 'v' THEN 'VIRTUAL' END AS generated,
                       CASE a.attidentity WHEN 'a' THEN 'ALWAYS' WHEN 'd' THEN 'BY DEFAULT' END AS identity,
                       CASE WHEN a.attstorage <> t.typstorage THEN a.attstorage::text END AS storage,
                       %s AS compression,
                       CASE WHEN a.attstattarget >= 0 THEN a.attstattarget::int END AS stat_target,
                       col_description(a.attrelid, a.attnum) AS comment,
                       %s AS not_null_name,
                       -- without the pg_attver=N that some server builds stamp on each column as it is made: the
                       -- new table gets its own (as it gets a new filenode), and pg_dump leaves it out too
                       ARRAY(SELECT o FROM unnest(a.attoptions) o WHERE o NOT LIKE 'pg\\_attver=%%') AS attoptions
                FROM pg_attribute a
                JOIN pg_type t ON t.oid = a.atttypid
                LEFT JOIN pg_collation co ON co.oid = a.attcollation
                LEFT JOIN pg_namespace cn ON cn.oid = co.collnamespace
                LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
                WHERE a.attrelid = ? AND a.attnum > 0 AND NOT a.attisdropped
                ORDER BY a.attnum
                """.formatted(compression, notNullName);
    }

    /**
     * The key: the primary key, else the unique, valid, immediate, non-partial, non-expression index
     * on NOT NULL columns with the fewest columns.
     */
    static final String KEY = """
            SELECT ic.relname AS index_name, i.indisprimary,
                   array_agg(a.attname::text ORDER BY k.ord) AS columns,
                   array_agg(format_type(a.atttypid, a.atttypmod) ORDER BY k.ord) AS types,
                   array_agg(CASE WHEN a.attcollation <> 0 AND a.attcollation <> t.typcollation
                                  THEN quote_ident(cn.nspname) || '.' || quote_ident(co.collname) END
                             ORDER BY k.ord) AS collations
            FROM pg_index i
            JOIN pg_class ic ON ic.oid = i.indexrelid
            CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
            JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
            JOIN pg_type t ON t.oid = a.atttypid
            LEFT JOIN pg_collation co ON co.oid = a.attcollation
            LEFT JOIN pg_namespace cn ON cn.oid = co.collnamespace
            WHERE i.indrelid = ? AND i.indisunique AND i.indisvalid AND i.indisready AND i.indimmediate
              AND i.indpred IS NULL AND i.indexprs IS NULL AND k.ord <= i.indnkeyatts
            GROUP BY ic.relname, i.indisprimary
            HAVING bool_and(a.attnotnull)
            ORDER BY i.indisprimary DESC, count(*), ic.relname
            LIMIT 1
            """;

    static final String INDEXES = """
            SELECT i.indexrelid, ic.relname, i.indisunique, pg_get_indexdef(i.indexrelid) AS def,
                   i.indisvalid, i.indisreplident, i.indisclustered,
                   quote_ident(ic.relname) AS quoted_index, its.spcname AS tablespace,
                   quote_ident(n.nspname) || '.' || quote_ident(c.relname) AS quoted_table,
                   con.contype::text AS constraint_type, pg_get_constraintdef(con.oid) AS constraint_def,
                   coalesce(con.condeferrable, false) AS deferrable, coalesce(con.condeferred, false) AS deferred,
                   obj_description(i.indexrelid, 'pg_class') AS comment,
                   obj_description(con.oid, 'pg_constraint') AS constraint_comment,
                   -- as pg_dump reads them: attstattarget is -1 for the default before 17, NULL from 17
                   ARRAY(SELECT a.attnum::int FROM pg_attribute a
                         WHERE a.attrelid = i.indexrelid AND a.attstattarget >= 0 ORDER BY a.attnum) AS stat_columns,
                   ARRAY(SELECT a.attstattarget::int FROM pg_attribute a
                         WHERE a.attrelid = i.indexrelid AND a.attstattarget >= 0 ORDER BY a.attnum) AS stat_targets
            FROM pg_index i
            JOIN pg_class ic ON ic.oid = i.indexrelid
            JOIN pg_class c ON c.oid = i.indrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            LEFT JOIN pg_tablespace its ON its.oid = ic.reltablespace
            LEFT JOIN pg_constraint con ON con.conindid = i.indexrelid AND con.conrelid = i.indrelid
                                       AND con.contype IN ('p', 'u', 'x')
            WHERE i.indrelid = ?
            ORDER BY ic.relname
            """;

    static final String CONSTRAINTS = """
            SELECT con.conname, con.contype::text AS contype, pg_get_constraintdef(con.oid) AS def,
                   con.convalidated, obj_description(con.oid, 'pg_constraint') AS comment,
                   CASE WHEN con.contype = 'f' THEN con.confrelid::bigint END AS referenced
            FROM pg_constraint con
            WHERE con.conrelid = ? AND con.contype IN ('c', 'f')
            ORDER BY con.contype, con.conname
            """;

    static final String TRIGGERS = """
            SELECT t.tgname, pg_get_triggerdef(t.oid) AS def, t.tgenabled::text AS enabled, t.tgparentid <> 0 AS inherited,
                   obj_description(t.oid, 'pg_trigger') AS comment,
                   quote_ident(n.nspname) || '.' || quote_ident(c.relname) AS quoted_table
            FROM pg_trigger t
            JOIN pg_class c ON c.oid = t.tgrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE t.tgrelid = ? AND t.tgname NOT LIKE 'recast\\_%'
              -- before 15 a partition's clones of its parent's triggers are marked internal; foreign keys' are not ours
              AND (NOT t.tgisinternal OR (t.tgparentid <> 0 AND NOT EXISTS (
                       SELECT 1 FROM pg_constraint k WHERE k.oid = t.tgconstraint AND k.contype = 'f')))
            ORDER BY t.tgname
            """;

    static final String POLICIES = """
            SELECT p.polname, p.polpermissive,
                   CASE p.polcmd WHEN 'r' THEN 'SELECT' WHEN 'a' THEN 'INSERT' WHEN 'w' THEN 'UPDATE'
                                 WHEN 'd' THEN 'DELETE' ELSE 'ALL' END AS command,
                   ARRAY(SELECT r.rolname::text FROM pg_roles r WHERE r.oid = ANY (p.polroles) ORDER BY r.rolname) AS roles,
                   pg_get_expr(p.polqual, p.polrelid) AS using_expr,
                   pg_get_expr(p.polwithcheck, p.polrelid) AS check_expr,
                   obj_description(p.oid, 'pg_policy') AS comment
            FROM pg_policy p
            WHERE p.polrelid = ?
            ORDER BY p.polname
            """;

    static final String GRANTS = """
            SELECT CASE WHEN g.grantee = 0 THEN NULL ELSE pg_get_userbyid(g.grantee) END AS grantee,
                   g.privilege_type, g.is_grantable, NULL::text AS column_name
            FROM pg_class c, aclexplode(c.relacl) g
            WHERE c.oid = ?
            UNION ALL
            SELECT CASE WHEN g.grantee = 0 THEN NULL ELSE pg_get_userbyid(g.grantee) END,
                   g.privilege_type, g.is_grantable, a.attname::text
            FROM pg_attribute a, aclexplode(a.attacl) g
            WHERE a.attrelid = ? AND a.attnum > 0 AND NOT a.attisdropped AND a.attacl IS NOT NULL
            """;

    /** Serial sequences (deptype 'a', OWNED BY) and identity sequences (deptype 'i'). */
    static final String SEQUENCES = """
            SELECT a.attname, sn.nspname, sc.relname, d.deptype = 'i' AS identity,
                   'START WITH ' || s.seqstart
                     || ' INCREMENT BY ' || s.seqincrement || ' MINVALUE ' || s.seqmin
                     || ' MAXVALUE ' || s.seqmax || ' CACHE ' || s.seqcache
                     || CASE WHEN s.seqcycle THEN ' CYCLE' ELSE ' NO CYCLE' END AS options,
                   pg_has_role(current_user, sc.relowner, 'USAGE') AS can_own
            FROM pg_depend d
            JOIN pg_class sc ON sc.oid = d.objid AND sc.relkind = 'S'
            JOIN pg_namespace sn ON sn.oid = sc.relnamespace
            JOIN pg_sequence s ON s.seqrelid = sc.oid
            JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
            WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass
              AND d.refobjid = ? AND d.deptype IN ('a', 'i')
            ORDER BY a.attnum
            """;

    /** Extended statistics objects on the table (stxstattarget through to_jsonb: its type changed in 17). */
    static final String STATISTICS = """
            SELECT n.nspname, s.stxname, pg_get_statisticsobjdef(s.oid) AS def,
                   quote_ident(n.nspname) || '.' || quote_ident(s.stxname) AS quoted_name,
                   quote_ident(tn.nspname) || '.' || quote_ident(c.relname) AS quoted_table,
                   (to_jsonb(s)->>'stxstattarget')::int AS stat_target, pg_get_userbyid(s.stxowner) AS owner,
                   obj_description(s.oid, 'pg_statistic_ext') AS comment
            FROM pg_statistic_ext s
            JOIN pg_namespace n ON n.oid = s.stxnamespace
            JOIN pg_class c ON c.oid = s.stxrelid
            JOIN pg_namespace tn ON tn.oid = c.relnamespace
            WHERE s.stxrelid = ?
            ORDER BY n.nspname, s.stxname
            """;

    /** The table's inheritance parents (not a partition's parent), quoted and qualified, in their order. */
    static final String INHERITANCE_PARENTS = """
            SELECT quote_ident(n.nspname) || '.' || quote_ident(p.relname)
            FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
            JOIN pg_namespace n ON n.oid = p.relnamespace
            WHERE i.inhrelid = ? AND NOT c.relispartition
            ORDER BY i.inhseqno
            """;

    /**
     * The table's inheritance children (not partitions), quoted and qualified, with their parents that
     * come after the table, in order: the swap appends the new table to a child's parents, so those
     * are moved behind it.
     */
    static final String INHERITANCE_CHILDREN = """
            SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname) AS child,
                   ARRAY(SELECT quote_ident(pn.nspname) || '.' || quote_ident(p.relname)
                         FROM pg_inherits j JOIN pg_class p ON p.oid = j.inhparent
                         JOIN pg_namespace pn ON pn.oid = p.relnamespace
                         WHERE j.inhrelid = i.inhrelid AND j.inhseqno > i.inhseqno ORDER BY j.inhseqno) AS later
            FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE i.inhparent = ? AND NOT c.relispartition
            ORDER BY n.nspname, c.relname
            """;

    /** Inherited columns and CHECK and NOT NULL (18+) constraints, with whether each is also local. */
    static final String INHERITED = """
            SELECT a.attname AS name, a.attislocal AS local, 'a' AS type, NULL AS definition
            FROM pg_attribute a WHERE a.attrelid = ? AND a.attnum > 0 AND NOT a.attisdropped AND a.attinhcount > 0
            UNION ALL
            SELECT con.conname, con.conislocal, con.contype::text, pg_get_constraintdef(con.oid)
            FROM pg_constraint con WHERE con.conrelid = ? AND con.coninhcount > 0 AND con.contype IN ('c', 'n')
            ORDER BY 3, 1
            """;

    /** Whether a relation's name (bind it qualified) names a relation other than the one with the oid bound next. */
    static final String REPLACED = "SELECT coalesce(to_regclass(?)::oid::int8, 0) NOT IN (0, ?)";

    /** Whether a relation (bind its qualified name) exists and is unlogged. */
    static final String UNLOGGED = "SELECT coalesce((SELECT relpersistence = 'u' FROM pg_class "
            + "WHERE oid = to_regclass(?)), false)";

    /** The database's FOR ALL TABLES publications (see TableDefinition#unloggedArtifacts). */
    static final String ALL_TABLES_PUBLICATIONS = "SELECT pubname FROM pg_publication WHERE puballtables ORDER BY 1";

    /** The security labels of the table (attname null) and of its columns. */
    static final String SECURITY_LABELS = """
            SELECT a.attname, l.provider, l.label
            FROM pg_seclabel l
            LEFT JOIN pg_attribute a ON a.attrelid = l.objoid AND a.attnum = l.objsubid AND l.objsubid > 0
            WHERE l.objoid = ? AND l.classoid = 'pg_class'::regclass AND (l.objsubid = 0 OR NOT a.attisdropped)
            ORDER BY l.objsubid, l.provider
            """;

    /**
     * Other reasons to refuse that the catalog knows of: FORCE ROW LEVEL SECURITY would hide rows
     * from the copy unless the role bypasses it.
     */
    static final String BLOCKERS = """
            SELECT 'the table has FORCE ROW LEVEL SECURITY and role ' || quote_ident(current_user) || ' does not bypass it, '
                   || 'so the copy could miss rows: run as a superuser or a role with BYPASSRLS '
                   || '(ALTER ROLE ' || quote_ident(current_user) || ' BYPASSRLS)'
            FROM pg_class c, pg_roles r
            WHERE c.oid = ? AND c.relforcerowsecurity AND r.rolname = current_user AND NOT (r.rolsuper OR r.rolbypassrls)
            """;

    /**
     * Why a partition cannot be swapped without a scan under the exclusive lock: the partition has
     * foreign keys inherited from its parent, which ATTACH validates, scanning the new partition, even
     * when it already has the key NOT VALID (13 to 18). Keys referencing the parent are moved like the
     * table's own incoming keys; a DEFAULT partition beside it gets a CHECK that spares its scan.
     */
    static final String PARTITION_BLOCKERS = """
            SELECT 'foreign key ' || quote_ident(con.conname) || ' is inherited from the partitioned parent: attaching '
                   || 'the new partition makes PostgreSQL validate it, scanning the whole partition under the '
                   || 'exclusive lock (also when the new partition has the key already, NOT VALID)'
            FROM pg_constraint con
            WHERE con.conrelid = ? AND con.contype = 'f' AND con.conparentid <> 0
            """;

    /**
     * One hash of everything about the table that the run copied or will move: columns, defaults,
     * constraints, indexes, the user's triggers, policies, options, owner, grants and comments, and the
     * foreign keys, statistics, publications and rules that point at it. Taken when the run starts
     * and again under the cut-over's lock: a difference is DDL that ran meanwhile.
     */
    static final String FINGERPRINT = """
            SELECT md5(concat_ws(E'\\n',
                c.relname, c.relnamespace::text, c.relkind::text, c.relpersistence::text, c.relreplident::text,
                c.relrowsecurity::text, c.relforcerowsecurity::text, c.relacl::text, pg_get_userbyid(c.relowner),
                array_to_string(c.reloptions, ','), c.reltablespace::text,
                (SELECT string_agg(concat_ws(':', a.attnum, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
                                             a.attisdropped, a.attidentity, a.attgenerated, a.attcollation,
                                             pg_get_expr(d.adbin, d.adrelid), a.attacl::text), ',' ORDER BY a.attnum)
                 FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
                 WHERE a.attrelid = c.oid AND a.attnum > 0),
                (SELECT string_agg(concat_ws(':', k.conname, pg_get_constraintdef(k.oid), k.convalidated, k.conrelid), ','
                                   ORDER BY k.conrelid, k.conname)
                 FROM pg_constraint k WHERE k.conrelid = c.oid OR k.confrelid = c.oid),
                (SELECT string_agg(concat_ws(':', pg_get_indexdef(i.indexrelid), i.indisvalid, i.indisreplident,
                                             i.indisclustered), ',' ORDER BY i.indexrelid)
                 FROM pg_index i WHERE i.indrelid = c.oid),
                (SELECT string_agg(concat_ws(':', t.tgname, t.tgenabled, pg_get_triggerdef(t.oid)), ',' ORDER BY t.tgname)
                 FROM pg_trigger t WHERE t.tgrelid = c.oid AND NOT t.tgisinternal AND t.tgname NOT LIKE 'recast\\_%'),
                (SELECT string_agg(concat_ws(':', p.polname, p.polcmd, p.polpermissive, p.polroles::text,
                                             pg_get_expr(p.polqual, p.polrelid), pg_get_expr(p.polwithcheck, p.polrelid)), ','
                                   ORDER BY p.polname)
                 FROM pg_policy p WHERE p.polrelid = c.oid),
                (SELECT string_agg(x.stxname, ',' ORDER BY x.stxname) FROM pg_statistic_ext x WHERE x.stxrelid = c.oid),
                (SELECT string_agg(pr.prpubid::text, ',' ORDER BY pr.prpubid) FROM pg_publication_rel pr WHERE pr.prrelid = c.oid),
                (SELECT string_agg(r.oid::text, ',' ORDER BY r.oid) FROM pg_depend d JOIN pg_rewrite r ON r.oid = d.objid
                 WHERE d.classid = 'pg_rewrite'::regclass AND d.refclassid = 'pg_class'::regclass AND d.refobjid = c.oid),
                (SELECT string_agg(i.inhparent::text || '>' || i.inhrelid::text, ',' ORDER BY i.inhparent, i.inhrelid)
                 FROM pg_inherits i WHERE i.inhrelid = c.oid OR i.inhparent = c.oid),
                (SELECT string_agg(concat_ws(':', d.classoid, d.objoid, d.objsubid, d.description), ','
                                   ORDER BY d.classoid, d.objoid, d.objsubid)
                 FROM pg_description d
                 WHERE d.objoid IN (SELECT c.oid UNION ALL SELECT indexrelid FROM pg_index WHERE indrelid = c.oid
                                    UNION ALL SELECT oid FROM pg_constraint WHERE conrelid = c.oid
                                    UNION ALL SELECT oid FROM pg_trigger WHERE tgrelid = c.oid
                                    UNION ALL SELECT oid FROM pg_policy WHERE polrelid = c.oid))
            ))
            FROM pg_class c WHERE c.oid = ?
            """;

    /** Privileges the run needs beyond owning the table; each row names one that is missing. */
    static final String PRIVILEGES = """
            SELECT 'CREATE on database ' || quote_ident(current_database())
                   || ' (to create the recast schema): GRANT CREATE ON DATABASE ' || quote_ident(current_database())
                   || ' TO ' || quote_ident(current_user)
            WHERE to_regnamespace('recast') IS NULL AND NOT has_database_privilege(current_database(), 'CREATE')
            UNION ALL
            SELECT 'CREATE and USAGE on schema recast: GRANT CREATE, USAGE ON SCHEMA recast TO ' || quote_ident(current_user)
            WHERE to_regnamespace('recast') IS NOT NULL
              AND NOT (has_schema_privilege('recast', 'CREATE') AND has_schema_privilege('recast', 'USAGE'))
            UNION ALL
            SELECT 'CREATE on schema ' || quote_ident(n.nspname) || ': GRANT CREATE ON SCHEMA '
                   || quote_ident(n.nspname) || ' TO ' || quote_ident(current_user)
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.oid = ? AND NOT has_schema_privilege(n.oid, 'CREATE')
            UNION ALL
            SELECT 'CREATE on tablespace ' || quote_ident(t.spcname) || ': GRANT CREATE ON TABLESPACE '
                   || quote_ident(t.spcname) || ' TO ' || quote_ident(current_user)
            FROM pg_class c JOIN pg_tablespace t ON t.oid = c.reltablespace
            WHERE c.oid = ? AND NOT has_tablespace_privilege(t.oid, 'CREATE')
            UNION ALL
            SELECT 'REFERENCES on ' || con.confrelid::regclass::text || ' (for foreign key '
                   || quote_ident(con.conname) || '): GRANT REFERENCES ON ' || con.confrelid::regclass::text
                   || ' TO ' || quote_ident(current_user)
            FROM pg_constraint con
            WHERE con.conrelid = ? AND con.contype = 'f' AND NOT has_table_privilege(con.confrelid, 'REFERENCES')
            UNION ALL
            SELECT 'ownership of ' || con.conrelid::regclass::text || ' (its foreign key ' || quote_ident(con.conname)
                   || ' references the table and is moved at the swap): run as its owner '
                   || quote_ident(pg_get_userbyid(c.relowner)) || ' or a member of it'
            FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid, (SELECT ?::oid AS oid) c0
            WHERE con.confrelid IN (SELECT relid FROM pg_partition_ancestors(c0.oid) UNION ALL SELECT c0.oid)
              AND con.conrelid <> con.confrelid AND con.contype = 'f' AND con.conparentid = 0
              AND NOT pg_has_role(current_user, c.relowner, 'USAGE')
            UNION ALL
            SELECT DISTINCT 'ownership of ' || CASE v.relkind WHEN 'm' THEN 'materialized view ' ELSE 'view ' END
                   || v.oid::regclass::text || ' (it reads the table and is replaced at '
                   || 'the swap): run as its owner ' || quote_ident(pg_get_userbyid(v.relowner)) || ' or a member of it'
            FROM pg_depend d JOIN pg_rewrite r ON r.oid = d.objid JOIN pg_class v ON v.oid = r.ev_class
            WHERE d.classid = 'pg_rewrite'::regclass AND d.refclassid = 'pg_class'::regclass AND d.refobjid = ?
              AND v.relkind IN ('v', 'm') AND NOT pg_has_role(current_user, v.relowner, 'USAGE')
            UNION ALL
            SELECT DISTINCT 'ownership of ' || p.oid::regprocedure::text || ' (its SQL-standard body reads the table and '
                   || 'is re-created at the swap): run as its owner ' || quote_ident(pg_get_userbyid(p.proowner))
                   || ' or a member of it'
            FROM pg_depend d JOIN pg_proc p ON p.oid = d.objid
            WHERE d.classid = 'pg_proc'::regclass AND d.refclassid = 'pg_class'::regclass AND d.refobjid = ?
              AND NOT pg_has_role(current_user, p.proowner, 'USAGE')
            UNION ALL
            SELECT DISTINCT 'ownership of ' || t.oid::regclass::text || ' (its rule ' || quote_ident(r.rulename)
                   || ' names the table and is re-created at the swap): run as its owner '
                   || quote_ident(pg_get_userbyid(t.relowner)) || ' or a member of it'
            FROM pg_depend d JOIN pg_rewrite r ON r.oid = d.objid JOIN pg_class t ON t.oid = r.ev_class
            WHERE d.classid = 'pg_rewrite'::regclass AND d.refclassid = 'pg_class'::regclass AND d.refobjid = ?
              AND r.rulename <> '_RETURN' AND NOT pg_has_role(current_user, t.relowner, 'USAGE')
            """;
}
