package io.recast.engine.internal.catalog;

import static io.recast.engine.internal.sql.Sql.ident;

import io.recast.engine.internal.sql.Sql;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Ranges of a table's key, as the backfill, the conversion check, the pre-flight's sample and the
 * verification walk the table. Key values travel as text and are cast back with the column's type,
 * so every key type works the same way.
 */
public final class KeyRangeSql {
    private KeyRangeSql() {
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

    public static String tuple(KeyColumns k) {
        return "(" + Sql.idents(k.columns()) + ")";
    }

    public static String params(KeyColumns k) {
        return IntStream.range(0, k.size()).mapToObj(i -> "CAST(? AS " + k.types().get(i) + ")")
                .collect(Collectors.joining(", ", "(", ")"));
    }
}
