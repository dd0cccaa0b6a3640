package io.recast.engine.internal.backfill;

import static io.recast.engine.internal.sql.Sql.ident;

import io.recast.engine.internal.catalog.Column;
import io.recast.engine.internal.catalog.KeyColumns;
import io.recast.engine.internal.catalog.TableDefinition;
import io.recast.engine.internal.runtime.ArtifactNames;
import io.recast.engine.internal.sql.Sql;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * SQL of the keyset backfill. Key values travel as text and are cast back with the column's type,
 * so every key type works the same way. Rows never travel through the client.
 */
public final class BackfillSql {
    private BackfillSql() {
    }

    /**
     * The upper bound of the next batch: the key {@code batchRows} rows after the lower bound, read
     * from the key index alone. No row means the rest of the table fits in one batch.
     */
    public static String nextBound(TableDefinition t, boolean hasLower) {
        KeyColumns k = t.key();
        // Qualified with the alias: a bare ORDER BY name would bind to the text output column and
        // sort every batch by text, over a sequential scan.
        String text = k.columns().stream().map(c -> "s." + ident(c) + "::text").collect(Collectors.joining(", "));
        String order = k.columns().stream().map(c -> "s." + ident(c)).collect(Collectors.joining(", "));
        return "SELECT " + text + " FROM ONLY " + t.qualified() + " AS s"
                + (hasLower ? " WHERE (" + order + ") > " + params(k) : "")
                + " ORDER BY " + order + " OFFSET ? LIMIT 1";
    }

    /** Copies the rows with lower &lt; key &lt;= upper; either bound may be absent. */
    public static String copy(TableDefinition t, ArtifactNames n, boolean hasLower, boolean hasUpper) {
        return insertInto(t, n) + " FROM ONLY " + t.qualified() + range(t.key(), hasLower, hasUpper);
    }

    /** " WHERE lower &lt; key [AND key &lt;= upper]" (bind: the bounds' key values), or "" without bounds. */
    public static String range(KeyColumns k, boolean hasLower, boolean hasUpper) {
        StringBuilder where = new StringBuilder();
        if (hasLower) {
            where.append(tuple(k)).append(" > ").append(params(k));
        }
        if (hasUpper) {
            where.append(hasLower ? " AND " : "").append(tuple(k)).append(" <= ").append(params(k));
        }
        return where.isEmpty() ? "" : " WHERE " + where;
    }

    /**
     * INSERT INTO shadow (copied columns) SELECT copied columns; identity values are kept. With
     * {@code recast alter} a column may go by another name or through an expression, and INSERT
     * converts each value to the new column's type as ALTER TABLE would (an assignment cast).
     */
    public static String insertInto(TableDefinition t, ArtifactNames n) {
        List<Column> copied = t.copiedColumns();
        String cols = Sql.idents(copied.stream().map(Column::target).toList());
        String values = copied.stream().map(Column::source).collect(Collectors.joining(", "));
        return "INSERT INTO " + n.qShadow() + " (" + cols + ")"
                + (t.hasIdentity() ? " OVERRIDING SYSTEM VALUE" : "") + " SELECT " + values;
    }

    public static String tuple(KeyColumns k) {
        return "(" + Sql.idents(k.columns()) + ")";
    }

    public static String params(KeyColumns k) {
        return IntStream.range(0, k.size()).mapToObj(i -> "CAST(? AS " + k.types().get(i) + ")")
                .collect(Collectors.joining(", ", "(", ")"));
    }
}
