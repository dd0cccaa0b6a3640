package io.recast.engine.testkit;

import java.sql.SQLException;
import java.util.List;

/**
 * A schema's definition read from the catalog, one line per fact and no oid anywhere, for servers
 * newer than the local pg_dump (which refuses to dump them). Version-dependent columns are read
 * through {@code to_jsonb(row)->'column'}, which is null where the column does not exist.
 */
public final class CatalogDump {
    private CatalogDump() {
    }

    private static final String SQL = """
            WITH rel AS (
                SELECT c.*, n.nspname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = ?
            )
            SELECT line FROM (
                SELECT 'relation ' || r.relname || ' kind=' || r.relkind::text || ' persistence=' || r.relpersistence::text
                       || ' owner=' || pg_get_userbyid(r.relowner) || ' acl=' || coalesce(r.relacl::text, '-')
                       || ' options=' || coalesce(r.reloptions::text, '-') || ' replident=' || r.relreplident::text
                       || ' rls=' || r.relrowsecurity || '/' || r.relforcerowsecurity
                       || ' tablespace=' || coalesce((SELECT spcname FROM pg_tablespace WHERE oid = r.reltablespace), '-')
                       || ' partition=' || r.relispartition
                       || ' am=' || coalesce((SELECT amname FROM pg_am WHERE oid = r.relam), '-')
                       || ' populated=' || r.relispopulated
                       || ' oftype=' || coalesce(format_type(nullif(r.reloftype, 0), NULL), '-')
                       || ' comment=' || coalesce(obj_description(r.oid, 'pg_class'), '-')
                       || ' toastoptions=' || coalesce((SELECT t.reloptions::text FROM pg_class t WHERE t.oid = r.reltoastrelid), '-') AS line
                FROM rel r WHERE r.relkind <> 't'
                UNION ALL
                SELECT 'column ' || r.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
                       || ' notnull=' || a.attnotnull || ' default=' || coalesce(pg_get_expr(d.adbin, d.adrelid), '-')
                       || ' generated=' || coalesce(to_jsonb(a)->>'attgenerated', '-')
                       || ' identity=' || coalesce(to_jsonb(a)->>'attidentity', '-')
                       || ' collation=' || coalesce((SELECT collname FROM pg_collation WHERE oid = a.attcollation), '-')
                       || ' storage=' || a.attstorage::text || ' compression=' || coalesce(to_jsonb(a)->>'attcompression', '-')
                       || ' stattarget=' || coalesce(to_jsonb(a)->>'attstattarget', '-')
                       || ' acl=' || coalesce(a.attacl::text, '-')
                       || ' comment=' || coalesce(col_description(r.oid, a.attnum), '-')
                       -- sorted; without the pg_attver=N that some server builds stamp on each column when it is made
                       -- (a new table gets new ones, as it gets a new filenode; pg_dump leaves it out too)
                       || ' options=' || coalesce((SELECT string_agg(o, ',' ORDER BY o) FROM unnest(a.attoptions) o
                                                   WHERE o NOT LIKE 'pg\\_attver=%'), '-')
                       || ' fdwoptions=' || coalesce(a.attfdwoptions::text, '-')
                       || ' local=' || a.attislocal || ' inherited=' || a.attinhcount
                FROM rel r JOIN pg_attribute a ON a.attrelid = r.oid
                LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
                -- an index's columns too: ALTER INDEX ... ALTER COLUMN n SET STATISTICS is theirs
                WHERE a.attnum > 0 AND NOT a.attisdropped AND r.relkind IN ('r', 'p', 'v', 'm', 'f', 'c', 'i', 'I')
                UNION ALL
                SELECT 'constraint ' || r.relname || '.' || con.conname || ' ' || con.contype::text || ' '
                       || pg_get_constraintdef(con.oid) || ' validated=' || con.convalidated
                       || ' deferrable=' || con.condeferrable || '/' || con.condeferred
                       -- NO INHERIT means something for CHECK and NOT NULL only (and is all pg_dump shows); 18 marks a
                       -- key made on a plain table NO INHERIT, and an attach to a partitioned parent keeps that mark
                       || CASE WHEN con.contype IN ('c', 'n') THEN ' noinherit=' || con.connoinherit ELSE '' END
                       || ' local=' || con.conislocal || ' inherited=' || con.coninhcount
                       || ' comment=' || coalesce(obj_description(con.oid, 'pg_constraint'), '-')
                FROM rel r JOIN pg_constraint con ON con.conrelid = r.oid
                UNION ALL
                SELECT 'index ' || r.relname || ' ' || pg_get_indexdef(i.indexrelid) || ' clustered=' || i.indisclustered
                       || ' replident=' || i.indisreplident || ' valid=' || i.indisvalid
                FROM rel r JOIN pg_index i ON i.indexrelid = r.oid
                UNION ALL
                SELECT 'trigger ' || r.relname || '.' || t.tgname || ' ' || pg_get_triggerdef(t.oid) || ' enabled=' || t.tgenabled::text
                       || ' comment=' || coalesce(obj_description(t.oid, 'pg_trigger'), '-')
                FROM rel r JOIN pg_trigger t ON t.tgrelid = r.oid WHERE NOT t.tgisinternal
                UNION ALL
                SELECT 'policy ' || r.relname || '.' || p.polname || ' ' || p.polcmd::text || ' permissive=' || p.polpermissive
                       || ' roles=' || coalesce((SELECT string_agg(rolname, ',' ORDER BY rolname) FROM pg_roles
                                                 WHERE oid = ANY (p.polroles)), 'public')
                       || ' using=' || coalesce(pg_get_expr(p.polqual, p.polrelid), '-')
                       || ' check=' || coalesce(pg_get_expr(p.polwithcheck, p.polrelid), '-')
                       || ' comment=' || coalesce(obj_description(p.oid, 'pg_policy'), '-')
                FROM rel r JOIN pg_policy p ON p.polrelid = r.oid
                UNION ALL
                SELECT 'view ' || r.relname || ' ' || pg_get_viewdef(r.oid)
                FROM rel r WHERE r.relkind IN ('v', 'm')
                UNION ALL
                SELECT 'rule ' || r.relname || '.' || rw.rulename || ' ' || pg_get_ruledef(rw.oid)
                       || ' enabled=' || rw.ev_enabled::text
                       || ' comment=' || coalesce(obj_description(rw.oid, 'pg_rewrite'), '-')
                FROM rel r JOIN pg_rewrite rw ON rw.ev_class = r.oid WHERE rw.rulename <> '_RETURN'
                UNION ALL
                SELECT 'sequence ' || r.relname || ' ' || format_type(s.seqtypid, NULL) || ' start=' || s.seqstart
                       || ' increment=' || s.seqincrement || ' min=' || s.seqmin || ' max=' || s.seqmax
                       || ' cache=' || s.seqcache || ' cycle=' || s.seqcycle
                       || ' owned=' || coalesce((SELECT d.deptype::text || ':' || oc.relname || '.' || oa.attname FROM pg_depend d
                                                 JOIN pg_class oc ON oc.oid = d.refobjid
                                                 JOIN pg_attribute oa ON oa.attrelid = d.refobjid AND oa.attnum = d.refobjsubid
                                                 WHERE d.classid = 'pg_class'::regclass AND d.objid = r.oid
                                                   AND d.deptype IN ('a', 'i')), '-')
                FROM rel r JOIN pg_sequence s ON s.seqrelid = r.oid
                UNION ALL
                SELECT 'partition key ' || r.relname || ' ' || pg_get_partkeydef(r.oid)
                FROM rel r WHERE r.relkind = 'p'
                UNION ALL
                SELECT 'partition bound ' || r.relname || ' ' || pg_get_expr(r.relpartbound, r.oid)
                FROM rel r WHERE r.relpartbound IS NOT NULL
                UNION ALL
                -- a partition's (or child's) parent and a partition index's parent index, by name
                SELECT 'inherits ' || r.relname || ' ' || CASE WHEN pc.relnamespace = r.relnamespace THEN ''
                       ELSE (SELECT nspname FROM pg_namespace WHERE oid = pc.relnamespace) || '.' END || pc.relname
                       -- the parent's place among the child's parents (inhseqno's rank: its values are not kept
                       -- when a parent is removed, only their order matters)
                       || ' seq=' || (SELECT count(*) FROM pg_inherits j WHERE j.inhrelid = i.inhrelid
                                      AND j.inhseqno <= i.inhseqno) || ' detachpending=' || coalesce(to_jsonb(i)->>'inhdetachpending', '-')
                FROM rel r JOIN pg_inherits i ON i.inhrelid = r.oid JOIN pg_class pc ON pc.oid = i.inhparent
                UNION ALL
                SELECT 'publication ' || (to_jsonb(pt) - 'schemaname')::text
                FROM pg_publication_tables pt WHERE pt.schemaname = ?
                UNION ALL
                SELECT 'statistics ' || st.stxname || ' ' || pg_get_statisticsobjdef(st.oid)
                       || ' owner=' || pg_get_userbyid(st.stxowner)
                       || ' target=' || coalesce(to_jsonb(st)->>'stxstattarget', '-')
                       || ' comment=' || coalesce(obj_description(st.oid, 'pg_statistic_ext'), '-')
                FROM pg_statistic_ext st JOIN pg_namespace n ON n.oid = st.stxnamespace WHERE n.nspname = ?
                UNION ALL
                SELECT 'function ' || pg_get_functiondef(p.oid)
                       || ' owner=' || pg_get_userbyid(p.proowner) || ' acl=' || coalesce(p.proacl::text, '-')
                       || ' comment=' || coalesce(obj_description(p.oid, 'pg_proc'), '-')
                FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = ? AND p.prokind IN ('f', 'p')
                UNION ALL
                SELECT 'type ' || t.typname || ' ' || t.typtype::text || ' ' || coalesce(
                       (SELECT string_agg(enumlabel, ',' ORDER BY enumsortorder) FROM pg_enum WHERE enumtypid = t.oid), '-')
                FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
                WHERE n.nspname = ? AND t.typtype IN ('e', 'd', 'r')
            ) facts
            ORDER BY line
            """;

    public static String schema(Db db, String schema) throws SQLException {
        List<String> lines = db.queryList(SQL, schema, schema, schema, schema, schema);
        return String.join("\n", lines) + "\n";
    }
}
