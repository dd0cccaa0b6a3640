package io.recast.engine.internal.alter;

import static io.recast.engine.internal.sql.Sql.ident;

import io.recast.engine.internal.catalog.KeyColumns;
import io.recast.engine.internal.catalog.KeyRangeSql;
import io.recast.engine.internal.catalog.TableDefinition;
import io.recast.engine.internal.runtime.ArtifactNames;
import io.recast.engine.internal.sql.Sql;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/** Catalog queries of {@code recast alter}, and its conversion pre-check. */
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

    /** A change the user wrote, applied to the shadow. */
    static String alterShadow(ArtifactNames n, String change) {
        return "ALTER TABLE " + n.qShadow() + " " + change;
    }

    /** A change the user wrote, applied to the shadow's inheritance stand-in, from which it recurses. */
    static String alterStandIn(ArtifactNames n, String change) {
        return "ALTER TABLE " + n.qStandIn() + " " + change;
    }

    /**
     * What changes made on the inheritance stand-in (bind its name three times) that do not recurse
     * into its child, the new table: indexes (a unique or primary key too), foreign keys, identity.
     */
    static final String STAND_IN_OWN = """
            SELECT 'index ' || quote_ident(ic.relname) FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
            WHERE i.indrelid = ?::regclass
            UNION ALL
            SELECT 'foreign key ' || quote_ident(conname) FROM pg_constraint WHERE conrelid = ?::regclass AND contype = 'f'
            UNION ALL
            SELECT 'identity column ' || quote_ident(attname) FROM pg_attribute
            WHERE attrelid = ?::regclass AND attidentity <> '' AND NOT attisdropped
            ORDER BY 1
            """;

    /** The change the user wrote, from a statement of {@link #alterShadow} or {@link #alterStandIn}. */
    static String change(ArtifactNames n, String statement) {
        String prefix = statement.startsWith(alterStandIn(n, "")) ? alterStandIn(n, "") : alterShadow(n, "");
        return statement.substring(Math.min(prefix.length(), statement.length()));
    }

    /** A type change with the conversion expression the user gave for its column. */
    static String using(String typeChange, String expression) {
        return typeChange + " USING (" + expression + ")";
    }

    /** The view check's search_path (SET LOCAL): the table's and the views' schemas. */
    static String searchPath(Collection<String> schemas) {
        return "SET LOCAL search_path = " + schemas.stream().map(Sql::ident).collect(Collectors.joining(", "));
    }

    /** A rule's definition, pretty-printed: names visible in the search_path print unqualified. */
    static final String RULE_DEFINITION = "SELECT pg_get_ruledef(?::oid, true)";

    /** The relation a rule is on. */
    static final String RULE_RELATION = """
            SELECT c.oid, n.nspname, c.relname, c.relkind::text AS relkind
            FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE r.oid = ?
            """;

    static final String SAVEPOINT = "SAVEPOINT recast_view_check";
    static final String RELEASE = "RELEASE SAVEPOINT recast_view_check";
    static final String ROLLBACK_TO_SAVEPOINT = "ROLLBACK TO SAVEPOINT recast_view_check";

    /** A temporary table of the table's name with the empty copy's columns (found before the real one). */
    static String temporaryTable(String name, String copy) {
        return "CREATE TEMPORARY TABLE " + Sql.ident(name) + " (LIKE " + copy + ") ON COMMIT DROP";
    }

    static String temporaryView(String name, String definition) {
        return "CREATE TEMPORARY VIEW " + Sql.ident(name) + " AS " + Sql.withoutSemicolon(definition);
    }

    /** The probe on the empty copy waits at most this long for its locks. */
    static final String PROBE_LOCK_TIMEOUT = "SET LOCAL lock_timeout = '5s'";

    /** A relation's oid, by its qualified name. */
    static final String OID = "SELECT ?::regclass::oid::int8";

    /** The conversion of the one row with the bound key; appended to {@link #convert}. */
    static String oneKey(KeyColumns k) {
        return " WHERE " + KeyRangeSql.tuple(k) + " = " + KeyRangeSql.params(k);
    }

    private static final String CHECK_TABLE = "pg_temp.recast_conversion_check";

    static String dropCheckTable() {
        return "DROP TABLE IF EXISTS " + CHECK_TABLE;
    }

    static String truncateCheckTable() {
        return "TRUNCATE " + CHECK_TABLE;
    }

    static String createCheckTable(List<AlterPlanner.Conversion> converted) {
        return "CREATE TEMP TABLE recast_conversion_check (" + converted.stream()
                .map(x -> ident(x.to().name()) + " " + x.to().type() + (x.to().notNull() ? " NOT NULL" : ""))
                .collect(Collectors.joining(", ")) + ")";
    }

    /** Converts the columns of the table's rows into the scratch table; a row range or a sample follows. */
    static String convert(TableDefinition t, List<AlterPlanner.Conversion> converted) {
        return "INSERT INTO " + CHECK_TABLE + " (" + converted.stream().map(x -> ident(x.to().name()))
                .collect(Collectors.joining(", ")) + ") SELECT " + converted.stream().map(x -> x.from().source())
                .collect(Collectors.joining(", ")) + " FROM ONLY " + t.qualified();
    }

    /** {@code percent} of the table's pages, the same pages every time. */
    static String sample(double percent) {
        return " TABLESAMPLE SYSTEM (" + percent + ") REPEATABLE (0)";
    }

    /** The keys, as text, of the rows that {@code from} (a sample or a key range) selects. */
    static String keys(TableDefinition t, String from) {
        return "SELECT " + t.key().columns().stream().map(x -> ident(x) + "::text").collect(Collectors.joining(", "))
                + " FROM ONLY " + t.qualified() + from;
    }

    static String keyOrder(TableDefinition t) {
        return " ORDER BY " + Sql.idents(t.key().columns());
    }

    /** The sub-command that changes a column's type: {@code ALTER COLUMN "c" TYPE bigint}. */
    static String retype(String column, String type) {
        return "ALTER COLUMN " + ident(column) + " TYPE " + type;
    }
}
