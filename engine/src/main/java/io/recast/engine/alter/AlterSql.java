package io.recast.engine.alter;

/** Catalog queries of {@code recast alter}. */
final class AlterSql {
    private AlterSql() {
    }

    /**
     * Columns of other tables whose foreign keys reference this table: the referenced column's
     * name, the referencing table (qualified, quoted), column and type.
     */
    static final String REFERENCING = """
            SELECT ra.attname AS referenced, con.conrelid::regclass::text AS tbl, a.attname AS col,
                   format_type(a.atttypid, a.atttypmod) AS type
            FROM pg_constraint con
            CROSS JOIN LATERAL unnest(con.conkey, con.confkey) AS k(col, refcol)
            JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.col
            JOIN pg_attribute ra ON ra.attrelid = con.confrelid AND ra.attnum = k.refcol
            WHERE con.contype = 'f' AND con.confrelid = ? AND con.conrelid <> con.confrelid
            ORDER BY 2, 3
            """;

    /**
     * Objects of other relations, and routines, that depend on the given columns of the table:
     * views and materialized views (through their rewrite rule), rules, SQL-body routines.
     */
    static final String COLUMN_DEPENDENTS = """
            SELECT DISTINCT CASE WHEN d.classid = 'pg_rewrite'::regclass THEN
                       CASE WHEN r.rulename = '_RETURN'
                            THEN (CASE rc.relkind WHEN 'm' THEN 'materialized view ' ELSE 'view ' END) || r.ev_class::regclass::text
                            ELSE 'rule ' || quote_ident(r.rulename) || ' on ' || r.ev_class::regclass::text END
                   ELSE 'routine ' || d.objid::regprocedure::text END AS object,
                   d.refobjsubid AS attnum
            FROM pg_depend d
            LEFT JOIN pg_rewrite r ON d.classid = 'pg_rewrite'::regclass AND r.oid = d.objid
            LEFT JOIN pg_class rc ON rc.oid = r.ev_class
            WHERE d.refclassid = 'pg_class'::regclass AND d.refobjid = ? AND d.refobjsubid = ANY (?::int8[])
              AND (d.classid = 'pg_proc'::regclass OR (d.classid = 'pg_rewrite'::regclass))
            ORDER BY 1, 2
            """;
}
