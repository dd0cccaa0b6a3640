package io.recast.engine.internal.backfill;

import io.recast.engine.internal.catalog.KeyColumns;
import io.recast.engine.internal.catalog.KeyRangeSql;
import io.recast.engine.internal.catalog.TableDefinition;
import io.recast.engine.internal.changelog.ChangelogSql;
import io.recast.engine.internal.runtime.ArtifactNames;
import io.recast.engine.internal.shadow.ShadowSql;
import io.recast.engine.internal.sql.Sql;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * SQL of the backfill: one key range (bounds from {@link KeyRangeSql}) or block range of the table
 * copied into the shadow: server-side with INSERT ... SELECT, or as binary COPY data from a second
 * session (see {@link io.recast.engine.api.CopyMethod}).
 */
public final class BackfillSql {
    private BackfillSql() {
    }

    /** The table's live rows per block, from its statistics (0 when it has none). */
    static final String ROWS_PER_BLOCK = """
            SELECT CASE WHEN relpages > 0 AND reltuples > 0 THEN reltuples / relpages ELSE 0 END
            FROM pg_class WHERE oid = ?
            """;

    /** The table's file and its size in blocks, read under the batch's lock (see {@link #lockTable}). */
    static final String FILE = """
            SELECT pg_relation_filenode(oid)::text,
                   pg_relation_size(oid) / current_setting('block_size')::bigint
            FROM pg_class WHERE oid = ?
            """;

    /** The batch's lock on the table, taken first, so that its file stays the one the batch reads. */
    static String lockTable(TableDefinition t) {
        return "LOCK TABLE ONLY " + t.qualified() + " IN ACCESS SHARE MODE";
    }

    static String emptyShadow(ArtifactNames n) {
        return "TRUNCATE " + n.qShadow();
    }

    /** The first tuple of a block, as a tid's text. */
    static String tid(long block) {
        return "(" + block + ",0)";
    }

    /**
     * Copies the rows in the blocks from a first (bound as a tid) to before a last one, or to the end
     * without {@code hasEnd}, but for the rows whose key the change log holds: the replay copies those.
     */
    public static String copyBlocks(TableDefinition t, ArtifactNames n, boolean hasEnd) {
        return ShadowSql.insertInto(t, n) + blocks(t, n, "?::tid", hasEnd ? "?::tid" : null);
    }

    /**
     * The rows {@link #copyBlocks} copies, as binary COPY data: what {@link #streamInto} reads. COPY
     * takes no parameters, so the bounds are tid literals ({@link #tid}), {@code end} null for the rest.
     */
    static String streamBlocks(TableDefinition t, ArtifactNames n, String start, String end) {
        return "COPY (SELECT " + ShadowSql.copiedSources(t) + blocks(t, n, start, end) + ") TO STDOUT (FORMAT binary)";
    }

    /** Writes the rows {@link #streamBlocks} reads into the shadow. */
    static String streamInto(TableDefinition t, ArtifactNames n) {
        return "COPY " + n.qShadow() + " (" + ShadowSql.copiedTargets(t) + ") FROM STDIN (FORMAT binary)";
    }

    /**
     * --order-by: every row of the table, sorted, as binary COPY data (what {@link #streamInto} reads): one
     * statement, so one snapshot; no row needs skipping, every change after it is in the change log.
     */
    static String streamSorted(TableDefinition t, List<String> orderBy) {
        return "COPY (SELECT " + ShadowSql.copiedSources(t) + " FROM ONLY " + t.qualified() + sortedBy(t, orderBy)
                + ") TO STDOUT (FORMAT binary)";
    }

    /** As {@link #streamSorted}, with INSERT ... SELECT: the whole copy in one transaction. */
    public static String copySorted(TableDefinition t, ArtifactNames n, List<String> orderBy) {
        return ShadowSql.insertInto(t, n) + " FROM ONLY " + t.qualified() + sortedBy(t, orderBy);
    }

    /**
     * The sort's memory: maintenance_work_mem (as CREATE INDEX's and CLUSTER's), not work_mem; for the
     * session ({@code local} false: the reader's, closed after the copy) or the transaction.
     */
    static String sortMemory(boolean local) {
        return "SELECT pg_catalog.set_config('work_mem', pg_catalog.current_setting('maintenance_work_mem'), " + local
                + ")";
    }

    /**
     * " ORDER BY" the table's columns the new table's {@code orderBy} columns come from, qualified (never an
     * output column of the same name).
     */
    private static String sortedBy(TableDefinition t, List<String> orderBy) {
        return " ORDER BY " + orderBy.stream().map(name -> t.qualified() + "." + Sql.ident(t.columns().stream()
                .filter(c -> !c.dropped() && c.target().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no column " + name + " to order by")).name()))
                .collect(Collectors.joining(", "));
    }

    /** Whether every copied column's type has binary input and output (for arrays, its element's too). */
    static final String BINARY_IO = """
            SELECT coalesce(bool_and(t.typsend <> 0 AND t.typreceive <> 0
                                     AND (e.oid IS NULL OR (e.typsend <> 0 AND e.typreceive <> 0))), true)
            FROM pg_attribute a
            JOIN pg_type t ON t.oid = a.atttypid
            LEFT JOIN pg_type e ON e.oid = t.typelem AND t.typcategory = 'A'
            WHERE a.attrelid = ? AND a.attnum > 0 AND NOT a.attisdropped
            """;

    private static String blocks(TableDefinition t, ArtifactNames n, String start, String end) {
        KeyColumns k = t.key();
        String logged = IntStream.range(0, k.size()).mapToObj(i -> "l." + ChangelogSql.logColumn(i) + " = "
                + t.qualified() + "." + Sql.ident(k.columns().get(i))).collect(Collectors.joining(" AND "));
        return " FROM ONLY " + t.qualified() + " WHERE ctid >= " + start + (end == null ? "" : " AND ctid < " + end)
                + " AND NOT EXISTS (SELECT FROM " + n.qLog() + " l WHERE " + logged + ")";
    }

    /** Copies the rows with lower &lt; key &lt;= upper; either bound may be absent. */
    public static String copy(TableDefinition t, ArtifactNames n, boolean hasLower, boolean hasUpper) {
        return ShadowSql.insertInto(t, n) + " FROM ONLY " + t.qualified() + KeyRangeSql.range(t.key(), hasLower, hasUpper);
    }

}
