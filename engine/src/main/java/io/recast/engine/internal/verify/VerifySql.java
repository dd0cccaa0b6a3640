package io.recast.engine.internal.verify;

import static io.recast.engine.internal.sql.Sql.ident;

import io.recast.engine.internal.catalog.KeyColumns;
import io.recast.engine.internal.catalog.KeyRangeSql;
import io.recast.engine.internal.catalog.TableDefinition;
import io.recast.engine.internal.changelog.ChangelogSql;
import io.recast.engine.internal.runtime.ArtifactNames;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * SQL of {@code verify}: the table (read {@code ONLY}) and the shadow compared over the columns the
 * copy writes ({@link TableDefinition#copiedColumns()}: generated columns compute themselves), each
 * row by its text form. Key values travel as text and are cast back with the key's types, as in the
 * backfill; rows never travel through the client, only the keys of differing ones.
 */
public final class VerifySql {
    private VerifySql() {
    }

    /** The first statement of each comparison's transaction: one snapshot for all its statements. */
    public static String snapshot() {
        return "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY";
    }

    /**
     * Fresh statistics for the log before the pass, so the planner hashes it for the anti-join
     * instead of scanning it once per row.
     */
    public static String analyzeLog(ArtifactNames n) {
        return "ANALYZE " + n.qLog();
    }

    /** The distinct keys in the log, as text; a row of NULL keys marks a TRUNCATE. */
    public static String loggedKeys(TableDefinition t, ArtifactNames n) {
        String keys = IntStream.range(0, t.key().size()).mapToObj(i -> ChangelogSql.logColumn(i) + "::text")
                .collect(Collectors.joining(", "));
        return "SELECT DISTINCT " + keys + " FROM " + n.qLog();
    }

    /** The upper bound of the next chunk: the key {@code rows} keys after the lower bound, as in the backfill. */
    public static String nextBound(TableDefinition t, boolean hasLower) {
        return KeyRangeSql.nextBound(t, hasLower);
    }

    /**
     * Per chunk, one fingerprint per side: the row count and the sum of a 64-bit hash of each row's
     * text, over the rows whose key is not in the log. The sum does not depend on the order rows
     * are read in, so neither side is sorted. Parameters: the bounds present, for the table and
     * then again for the shadow.
     */
    public static String fingerprint(TableDefinition t, ArtifactNames n, boolean hasLower, boolean hasUpper) {
        return "SELECT a.n, a.h::text, b.n, b.h::text FROM "
                + "(SELECT count(*) AS n, sum(hashtextextended(" + rowText(t, "s") + ", 0)) AS h FROM ONLY "
                + t.qualified() + " AS s WHERE " + chunk(t, n, "s", hasLower, hasUpper) + ") AS a, "
                + "(SELECT count(*) AS n, sum(hashtextextended(" + rowText(t, "s") + ", 0)) AS h FROM "
                + n.qShadow() + " AS s WHERE " + chunk(t, n, "s", hasLower, hasUpper) + ") AS b";
    }

    /**
     * The rows of a chunk that differ, first keys first: each key as text, then whether the table and
     * whether the shadow have it. Parameters: the bounds for the table, again for the shadow, the limit.
     */
    public static String differences(TableDefinition t, ArtifactNames n, boolean hasLower, boolean hasUpper) {
        int size = t.key().size();
        String firstKeys = IntStream.range(0, size).mapToObj(i -> "coalesce(a.k" + (i + 1) + ", b.k" + (i + 1) + ")")
                .collect(Collectors.joining(", "));
        String asText = IntStream.range(0, size).mapToObj(i -> "coalesce(a.k" + (i + 1) + ", b.k" + (i + 1) + ")::text")
                .collect(Collectors.joining(", "));
        String on = IntStream.range(0, size).mapToObj(i -> "a.k" + (i + 1) + " = b.k" + (i + 1))
                .collect(Collectors.joining(" AND "));
        return "SELECT " + asText + ", a.k1 IS NOT NULL, b.k1 IS NOT NULL FROM "
                + "(SELECT " + keyAliases(t, "s") + ", " + rowText(t, "s") + " AS r FROM ONLY " + t.qualified()
                + " AS s WHERE " + chunk(t, n, "s", hasLower, hasUpper) + ") AS a FULL JOIN "
                + "(SELECT " + keyAliases(t, "s") + ", " + rowText(t, "s") + " AS r FROM " + n.qShadow()
                + " AS s WHERE " + chunk(t, n, "s", hasLower, hasUpper) + ") AS b ON " + on
                + " WHERE a.r IS DISTINCT FROM b.r ORDER BY " + firstKeys + " LIMIT ?";
    }

    /**
     * The given keys whose rows differ: each key as text, then whether the table and whether the shadow
     * have it (a key neither has is no difference). Parameters: one text[] per key column, the limit.
     *
     * @param excludeLogged skip keys in the log (outside the lock, where the log still changes)
     */
    public static String compareKeys(TableDefinition t, ArtifactNames n, boolean excludeLogged) {
        return compareKeys(t, n, excludeLogged, "ONLY " + t.qualified(), n.qShadow());
    }

    /**
     * As {@link #compareKeys(TableDefinition, ArtifactNames, boolean)}, in the swap that applies the last
     * changes after the rename (a FOR ALL TABLES publication): the table's rows are then in the old table
     * and, for the keys in the log, in the swap's temporary table; the new table has the table's name.
     */
    public static String compareKeysAfterRename(TableDefinition t, ArtifactNames n) {
        return compareKeys(t, n, false, "(SELECT * FROM ONLY " + n.qOld() + " UNION ALL SELECT * FROM " + n.qStash()
                + ")", "ONLY " + t.qualified());
    }

    private static String compareKeys(TableDefinition t, ArtifactNames n, boolean excludeLogged, String source,
                                      String shadow) {
        KeyColumns k = t.key();
        int size = k.size();
        String casts = IntStream.range(0, size).mapToObj(i -> "CAST(u.k" + (i + 1) + " AS " + k.types().get(i)
                + ") AS k" + (i + 1)).collect(Collectors.joining(", "));
        String arrays = IntStream.range(0, size).mapToObj(i -> "CAST(? AS text[])").collect(Collectors.joining(", "));
        String names = IntStream.range(0, size).mapToObj(i -> "k" + (i + 1)).collect(Collectors.joining(", "));
        String keys = IntStream.range(0, size).mapToObj(i -> "k.k" + (i + 1)).collect(Collectors.joining(", "));
        String asText = IntStream.range(0, size).mapToObj(i -> "k.k" + (i + 1) + "::text").collect(Collectors.joining(", "));
        String first = ident(k.columns().get(0));
        return "SELECT " + asText + ", s." + first + " IS NOT NULL, h." + first + " IS NOT NULL FROM "
                + "(SELECT DISTINCT " + casts + " FROM unnest(" + arrays + ") AS u(" + names + ")) AS k "
                + "LEFT JOIN " + source + " AS s ON " + keyEquals(t, "s", "k") + " "
                + "LEFT JOIN " + shadow + " AS h ON " + keyEquals(t, "h", "k") + " "
                + "WHERE (" + rowText(t, "s") + " IS DISTINCT FROM " + rowText(t, "h") + " OR (s." + first
                + " IS NULL) <> (h." + first + " IS NULL))"
                + (excludeLogged ? " AND " + notLogged(t, n, "k", true) : "")
                + " ORDER BY " + keys + " LIMIT ?";
    }

    /** The text form of a row over the copied columns: {@code ROW(s."a", s."b")::text}. */
    static String rowText(TableDefinition t, String alias) {
        return t.copiedColumns().stream().map(c -> alias + "." + ident(c.name()))
                .collect(Collectors.joining(", ", "ROW(", ")::text"));
    }

    /** {@code s."id" AS k1, ...}: the key under the log's column names. */
    private static String keyAliases(TableDefinition t, String alias) {
        List<String> key = t.key().columns();
        return IntStream.range(0, key.size()).mapToObj(i -> alias + "." + ident(key.get(i)) + " AS k" + (i + 1))
                .collect(Collectors.joining(", "));
    }

    private static String keyEquals(TableDefinition t, String alias, String keys) {
        List<String> key = t.key().columns();
        return IntStream.range(0, key.size()).mapToObj(i -> alias + "." + ident(key.get(i)) + " = " + keys + ".k" + (i + 1))
                .collect(Collectors.joining(" AND "));
    }

    /** The rows of a chunk whose key is not in the log; the bounds present as parameters. */
    private static String chunk(TableDefinition t, ArtifactNames n, String alias, boolean hasLower, boolean hasUpper) {
        KeyColumns k = t.key();
        String tuple = k.columns().stream().map(c -> alias + "." + ident(c)).collect(Collectors.joining(", ", "(", ")"));
        String params = IntStream.range(0, k.size()).mapToObj(i -> "CAST(? AS " + k.types().get(i) + ")")
                .collect(Collectors.joining(", ", "(", ")"));
        List<String> where = new ArrayList<>();
        if (hasLower) {
            where.add(tuple + " > " + params);
        }
        if (hasUpper) {
            where.add(tuple + " <= " + params);
        }
        where.add(notLogged(t, n, alias, false));
        return String.join(" AND ", where);
    }

    /** NOT EXISTS a log row for the key of {@code alias} (its own columns, or k1.. when {@code aliased}). */
    private static String notLogged(TableDefinition t, ArtifactNames n, String alias, boolean aliased) {
        List<String> key = t.key().columns();
        String match = IntStream.range(0, key.size()).mapToObj(i -> "l." + ChangelogSql.logColumn(i) + " = " + alias + "."
                + (aliased ? "k" + (i + 1) : ident(key.get(i)))).collect(Collectors.joining(" AND "));
        return "NOT EXISTS (SELECT 1 FROM " + n.qLog() + " AS l WHERE " + match + ")";
    }
}
