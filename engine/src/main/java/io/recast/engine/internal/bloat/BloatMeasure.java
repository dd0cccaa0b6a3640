package io.recast.engine.internal.bloat;

import io.recast.engine.api.BloatOptions;
import io.recast.engine.api.BloatReport;
import io.recast.engine.api.NotEligibleException;
import io.recast.engine.api.RelationBloat;
import io.recast.engine.api.RelationBloat.Action;
import io.recast.engine.api.RelationBloat.Kind;
import io.recast.engine.api.RelationBloat.Method;
import io.recast.engine.api.Units;
import io.recast.engine.internal.bloat.Layout.Column;
import io.recast.engine.internal.history.History;
import io.recast.engine.internal.runtime.Glob;
import io.recast.engine.internal.sql.Jdbc;
import io.recast.engine.internal.sql.Sql;
import io.recast.engine.internal.sql.SqlStates;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Measures the bloat of a database's tables and indexes, and recommends what to do about each:
 * with pgstattuple's functions where the extension is installed and the role may run them (they
 * read the pages), else from the planner's statistics (they read nothing but the catalog). Changes
 * nothing.
 */
public final class BloatMeasure {
    /** A table whose TOAST table is at least this share of its size gets a caveat under the estimate. */
    static final double TOAST_HEAVY = 0.10;
    /** Statistics older than this share of the rows changed are called stale, as autoanalyze's default. */
    static final double STALE = 0.10;
    /** Fewer dead rows than this never warrant a VACUUM of their own. */
    static final long MIN_DEAD_ROWS = 1_000;

    private final BloatOptions options;

    public BloatMeasure(BloatOptions options) {
        this.options = options;
    }

    private record Table(long oid, String schema, String name, String display, long heapBytes, long toastBytes,
                         long toastOid, double toastTuples, String accessMethod, double reltuples, int natts, int fillfactor, Long liveRows, Long deadRows,
                         Long modifiedSinceAnalyze, OffsetDateTime lastVacuum, OffsetDateTime lastAnalyze) {
        long size() {
            return heapBytes + toastBytes;
        }
    }

    private record Index(long oid, long tableOid, String schema, String name, String display, String accessMethod,
                         long bytes, double reltuples, boolean unique, boolean valid, boolean expressions,
                         boolean partial, int fillfactor, boolean deduplicates) {
    }

    private record IndexColumn(Column column, boolean expression, Double nDistinct) {
    }

    /** What was measured of one relation: reclaimable bytes, rows, and why it may be off. */
    private record Figures(long reclaimable, long liveRows, long deadRows, Method method, List<String> caveats,
                           String unmeasured) {
    }

    /**
     * Measures every table and index the options select.
     *
     * @param lastActions the history's last action per relation, keyed "schema.name" (raw names)
     */
    public BloatReport measure(Connection c, Map<String, History.Done> lastActions) throws SQLException {
        return measure(c, lastActions, null);
    }

    /**
     * The tables of one schema named (raw names; the options' schema and pattern are not used) and
     * their indexes, as {@link #measure} measures them; what a rewrite of each would give back.
     */
    public BloatReport measureTables(Connection c, String schema, Set<String> tables) throws SQLException {
        return new BloatMeasure(new BloatOptions(schema, null, 0, options.minBloatPercent(), options.minDeadPercent(),
                options.method())).measure(c, Map.of(), tables);
    }

    private BloatReport measure(Connection c, Map<String, History.Done> lastActions, Set<String> onlyTables)
            throws SQLException {
        String database = Jdbc.currentDatabase(c);
        int blockSize = (int) Jdbc.queryLong(c, BloatSql.BLOCK_SIZE);
        String exactSchema = null;
        String method;
        String schema = Jdbc.queryOne(c, BloatSql.PGSTATTUPLE_SCHEMA, rs -> rs.getString(1)).orElse(null);
        String unavailable = null;
        if (schema == null) {
            unavailable = "the pgstattuple extension is not installed in " + database
                    + " (CREATE EXTENSION pgstattuple; it ships with PostgreSQL)";
        } else if (!Jdbc.queryBoolean(c, BloatSql.MAY_EXECUTE, BloatSql.approxSignature(schema),
                BloatSql.indexSignature(schema))) {
            unavailable = "this role may not run pgstattuple's functions (GRANT pg_stat_scan_tables TO it)";
        } else if (options.method() != BloatOptions.Method.ESTIMATE) {
            exactSchema = schema;
        }
        if (options.method() == BloatOptions.Method.EXACT && exactSchema == null) {
            throw new NotEligibleException("measure bloat exactly in", database,
                    List.of(unavailable + "; or measure from the statistics instead (--method estimate)"));
        }
        if (exactSchema != null) {
            method = "exact: pgstattuple_approx for tables, pgstatindex for btree indexes (they read the pages)";
        } else if (options.method() == BloatOptions.Method.ESTIMATE) {
            method = "estimated from the planner's statistics, as asked";
        } else {
            method = "estimated from the planner's statistics: " + unavailable;
        }
        // each measurement waits at most a second for its lock; the session's own setting is put back after
        String lockTimeout = Jdbc.queryOne(c, "SHOW lock_timeout", rs -> rs.getString(1)).orElse("0");
        Jdbc.exec(c, "bloat", BloatSql.LOCK_TIMEOUT);
        try {
            return measure(c, lastActions, onlyTables, database, blockSize, exactSchema, method);
        } finally {
            Jdbc.exec(c, "bloat", "SET lock_timeout = " + Sql.literal(lockTimeout));
        }
    }

    private BloatReport measure(Connection c, Map<String, History.Done> lastActions, Set<String> onlyTables, String database,
                                int blockSize, String exactSchema, String method) throws SQLException {

        Pattern pattern = options.tablePattern() == null ? null : Glob.compile(options.tablePattern());
        List<Table> tables = new ArrayList<>();
        for (Table t : Jdbc.query(c, BloatSql.TABLES, BloatMeasure::table, options.schema(), options.schema())) {
            if (onlyTables != null ? onlyTables.contains(t.name())
                    : pattern == null || Glob.matches(pattern, t.schema(), t.name(), t.display())) {
                tables.add(t);
            }
        }
        Long[] oids = tables.stream().map(Table::oid).toArray(Long[]::new);
        Map<Long, List<Column>> columns = new LinkedHashMap<>();
        Array oidArray = c.createArrayOf("oid", oids);
        for (Object[] row : Jdbc.query(c, BloatSql.TABLE_COLUMNS,
                rs -> new Object[] {rs.getLong("attrelid"), column(rs)}, oidArray)) {
            columns.computeIfAbsent((Long) row[0], k -> new ArrayList<>()).add((Column) row[1]);
        }
        List<Index> indexes = Jdbc.query(c, BloatSql.INDEXES, BloatMeasure::index, oidArray);
        Map<Long, List<IndexColumn>> indexColumns = new LinkedHashMap<>();
        Array indexOids = c.createArrayOf("oid", indexes.stream().map(Index::oid).toArray(Long[]::new));
        for (Object[] row : Jdbc.query(c, BloatSql.INDEX_COLUMNS, rs -> new Object[] {rs.getLong("attrelid"),
                new IndexColumn(column(rs), rs.getBoolean("expression"), nullableDouble(rs, "n_distinct"))}, indexOids)) {
            indexColumns.computeIfAbsent((Long) row[0], k -> new ArrayList<>()).add((IndexColumn) row[1]);
        }

        List<RelationBloat> out = new ArrayList<>();
        Map<Long, Action> tableActions = new LinkedHashMap<>();
        Map<Long, Table> byOid = new LinkedHashMap<>();
        Map<Long, Figures> tableFigures = new LinkedHashMap<>();
        for (Table t : tables) {
            byOid.put(t.oid(), t);
            Figures f = !t.accessMethod().equals("heap") ? otherAccessMethod(t)
                    : exactSchema != null ? exactTable(c, exactSchema, t, blockSize)
                    : estimatedTable(t, columns.getOrDefault(t.oid(), List.of()), blockSize);
            tableFigures.put(t.oid(), f);
            RelationBloat r = adviseTable(t, f, lastActions.get(t.schema() + "." + t.name()));
            tableActions.put(t.oid(), r.action());
            if (t.size() >= options.minSizeBytes()) {
                out.add(r);
            }
        }
        for (Index i : indexes) {
            if (i.bytes() < options.minSizeBytes()) {
                continue;
            }
            Table t = byOid.get(i.tableOid());
            Figures f = exactSchema != null && i.accessMethod().equals("btree")
                    ? exactIndex(c, exactSchema, i, t, tableFigures.get(i.tableOid()), blockSize)
                    : estimatedIndex(i, t, indexColumns.getOrDefault(i.oid(), List.of()), blockSize);
            out.add(adviseIndex(i, t, f, tableActions.get(i.tableOid()), lastActions.get(i.schema() + "." + i.name())));
        }
        out.sort(Comparator.comparingLong(RelationBloat::reclaimableBytes).reversed()
                .thenComparing(RelationBloat::displayName));
        return new BloatReport(database, exactSchema != null, method, out);
    }

    // ---- figures -------------------------------------------------------------------------------

    private Figures estimatedTable(Table t, List<Column> cols, int blockSize) {
        List<String> caveats = new ArrayList<>();
        long live = t.reltuples() >= 0 ? Math.round(t.reltuples()) : t.liveRows() == null ? -1 : t.liveRows();
        long dead = t.deadRows() == null ? -1 : t.deadRows();
        long withStats = cols.stream().filter(col -> !col.dropped() && col.hasStatistics()).count();
        long columnsNow = cols.stream().filter(col -> !col.dropped()).count();
        if (t.heapBytes() > 0 && (withStats == 0 && columnsNow > 0 || t.reltuples() < 0)) {
            double deadShare = deadShare(t);
            if (deadShare >= 0) {
                // the statistics counters still say how many of its rows are dead
                return new Figures(Math.round(t.heapBytes() * deadShare), t.liveRows(), t.deadRows(), Method.ESTIMATED,
                        List.of("never analyzed: only its dead rows (" + t.deadRows() + ", from the statistics counters) "
                                + "are counted, not its free space; run ANALYZE " + t.display()
                                + ", or install pgstattuple for an exact figure"), null);
            }
            return new Figures(0, live, dead, Method.ESTIMATED, List.of("never analyzed: no statistics to estimate "
                    + "from; run ANALYZE " + t.display() + ", or install pgstattuple for an exact figure"),
                    "no statistics");
        }
        if (withStats < columnsNow) {
            caveats.add("no statistics for " + (columnsNow - withStats) + " of its " + columnsNow + " columns (added "
                    + "since the last ANALYZE, or not readable by this role): the estimate is high");
        }
        if (t.modifiedSinceAnalyze() != null && t.reltuples() > 0
                && t.modifiedSinceAnalyze() > STALE * t.reltuples()) {
            caveats.add(String.format(Locale.ROOT, "%,d rows changed since its last ANALYZE (%s): the statistics may be "
                    + "stale", t.modifiedSinceAnalyze(), t.lastAnalyze() == null ? "never" : t.lastAnalyze().toLocalDate()));
        }
        long expected = Layout.heapPages(t.reltuples(), Layout.heapRowBytes(cols, t.natts()), blockSize, t.fillfactor());
        long reclaimable = Math.max(0, t.heapBytes() - expected * blockSize);
        if (t.toastBytes() > 0) {
            if (t.toastTuples() >= 0) {
                reclaimable += Math.max(0, t.toastBytes() - Layout.toastPages(t.toastTuples()) * blockSize);
                if (t.toastBytes() >= TOAST_HEAVY * t.size()) {
                    caveats.add("most of it is TOAST (" + Units.size(t.toastBytes()) + "), estimated from its "
                            + "chunk count as of the last VACUUM: install pgstattuple for an exact figure");
                }
            } else if (t.toastBytes() >= TOAST_HEAVY * t.size()) {
                caveats.add("its TOAST table (" + Units.size(t.toastBytes()) + ") was never vacuumed, so it is not "
                        + "estimated, only the main heap: install pgstattuple for an exact figure");
            }
        }
        return new Figures(reclaimable, live, dead, Method.ESTIMATED, caveats, null);
    }

    private Figures exactTable(Connection c, String schema, Table t, int blockSize) throws SQLException {
        double[] heap;
        try {
            heap = approx(c, schema, t.oid());
        } catch (SQLException e) {
            if (!SqlStates.is(e, SqlStates.LOCK_NOT_AVAILABLE)) {
                throw e;
            }
            Figures f = estimatedTable(t, List.of(), blockSize);
            return new Figures(0, f.liveRows(), f.deadRows(), Method.NONE,
                    List.of("its lock was not granted within 1 s (a long ALTER or VACUUM FULL?): not measured"),
                    "locked");
        }
        long reclaimable = reclaimable(heap, blockSize, t.fillfactor());
        List<String> caveats = new ArrayList<>();
        if (t.toastOid() != 0 && t.toastBytes() > 0) {
            try {
                reclaimable += reclaimable(approx(c, schema, t.toastOid()), blockSize, 100);
            } catch (SQLException e) {
                if (!SqlStates.is(e, SqlStates.FEATURE_NOT_SUPPORTED)) {
                    throw e;
                }
                // pgstattuple_approx reads TOAST tables from PostgreSQL 14 on
                if (t.toastTuples() >= 0) {
                    reclaimable += Math.max(0, t.toastBytes() - Layout.toastPages(t.toastTuples()) * blockSize);
                }
                if (t.toastBytes() >= TOAST_HEAVY * t.size()) {
                    caveats.add("its TOAST table (" + Units.size(t.toastBytes()) + ") is estimated from its chunk count"
                            + (t.toastTuples() < 0 ? " (never vacuumed: not at all)" : "")
                            + ": pgstattuple_approx reads TOAST tables from PostgreSQL 14 on");
                }
            }
        }
        return new Figures(reclaimable, Math.round(heap[1]), Math.round(heap[3]), Method.EXACT, caveats, null);
    }

    /**
     * table_len minus the pages its live tuples would fill when written afresh. pgstattuple_approx
     * reads the pages that are not all-visible, where a live tuple's length is its own; for the
     * others it counts the page's used space (header, line pointers, alignment and all): the
     * tuples' bytes on a fresh page are made of both accordingly.
     */
    private static long reclaimable(double[] approx, int blockSize, int fillfactor) {
        double count = approx[1];
        if (count <= 0) {
            return (long) approx[0];
        }
        double pages = approx[0] / blockSize;
        double scanned = Math.min(1, Math.max(0, approx[6] / 100));
        double bytes = approx[2] + scanned * count * (Layout.MAXALIGN / 2.0 + Layout.ITEM_ID)
                - (1 - scanned) * pages * Layout.PAGE_HEADER;
        double rowBytes = Math.max(1, bytes / count);
        return Math.max(0, (long) approx[0] - Layout.heapPages(count, rowBytes, blockSize, fillfactor) * blockSize);
    }

    private static double[] approx(Connection c, String schema, long oid) throws SQLException {
        return Jdbc.queryOne(c, BloatSql.approx(schema), rs -> new double[] {rs.getLong(1), rs.getDouble(2),
                rs.getDouble(3), rs.getDouble(4), rs.getDouble(5), rs.getDouble(6), rs.getDouble(7)}, oid).orElseThrow();
    }

    /** A table of another access method than heap: pgstattuple refuses it, and the estimate knows only heap's pages. */
    private static Figures otherAccessMethod(Table t) {
        return new Figures(0, t.liveRows() == null ? -1 : t.liveRows(), t.deadRows() == null ? -1 : t.deadRows(),
                Method.NONE, List.of("its table access method is " + t.accessMethod() + ", whose pages neither method "
                        + "reads"), "table access method " + t.accessMethod());
    }

    /** The dead share of the table's rows by the statistics counters; -1 when they count none. */
    private static double deadShare(Table t) {
        if (t.liveRows() == null || t.deadRows() == null || t.liveRows() + t.deadRows() <= 0) {
            return -1;
        }
        return (double) t.deadRows() / (t.liveRows() + t.deadRows());
    }

    private Figures estimatedIndex(Index i, Table t, List<IndexColumn> cols, int blockSize) {
        long live = t.reltuples() >= 0 ? Math.round(t.reltuples()) : -1;
        if (!i.accessMethod().equals("btree")) {
            return new Figures(0, live, -1, Method.NONE, List.of(), "a " + i.accessMethod() + " index: neither "
                    + "method measures it");
        }
        double rows = i.reltuples() >= 0 ? i.reltuples() : t.reltuples();
        List<String> caveats = new ArrayList<>();
        if (rows < 0 || cols.stream().noneMatch(col -> col.column().hasStatistics())) {
            boolean expression = cols.stream().anyMatch(IndexColumn::expression) && t.reltuples() >= 0;
            String what = expression
                    ? "an expression index without statistics of its expression: run ANALYZE " + t.display()
                    : "its table was never analyzed: run ANALYZE " + t.display();
            double deadShare = deadShare(t);
            if (!expression && deadShare >= 0) {
                return new Figures(Math.round(i.bytes() * deadShare), live, -1, Method.ESTIMATED, List.of(what
                        + "; only the entries of its table's dead rows (from the statistics counters) are counted"), null);
            }
            return new Figures(0, live, -1, Method.ESTIMATED, List.of(what), "no statistics");
        }
        if (cols.stream().anyMatch(col -> !col.column().hasStatistics())) {
            caveats.add(cols.stream().anyMatch(col -> col.expression() && !col.column().hasStatistics())
                    ? "an expression without statistics (ANALYZE keeps them once the index exists): the estimate is high"
                    : "columns without statistics: the estimate is high");
        }
        if (i.partial() && i.reltuples() < 0) {
            caveats.add("a partial index whose rows were never counted: estimated with all of its table's rows");
        }
        double distinct = 0;
        if (i.deduplicates() && !i.unique() && cols.size() == 1 && cols.get(0).nDistinct() != null) {
            double nd = cols.get(0).nDistinct();
            distinct = nd > 0 ? nd : -nd * rows;
        }
        long tuple = Layout.indexTupleBytes(cols.stream().map(IndexColumn::column).toList());
        long expected = Layout.btreePages(rows, tuple, distinct, blockSize, i.fillfactor());
        return new Figures(Math.max(0, i.bytes() - expected * blockSize), live, -1, Method.ESTIMATED, caveats, null);
    }

    /**
     * A btree's pages less those its live entries would fill when built afresh. pgstatindex counts
     * the entries of dead rows not yet vacuumed as used: the table's dead share of its tuples (as
     * pgstattuple_approx counted them) is taken out.
     */
    private Figures exactIndex(Connection c, String schema, Index i, Table t, Figures table, int blockSize)
            throws SQLException {
        long live = t.reltuples() >= 0 ? Math.round(t.reltuples()) : -1;
        if (!i.valid()) {
            return new Figures(0, live, -1, Method.NONE, List.of(), "invalid");
        }
        double[] s;
        try {
            s = Jdbc.queryOne(c, BloatSql.index(schema), rs -> new double[] {rs.getLong(1), rs.getLong(2),
                    rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getDouble(6)}, i.oid()).orElseThrow();
        } catch (SQLException e) {
            if (!SqlStates.is(e, SqlStates.LOCK_NOT_AVAILABLE)) {
                throw e;
            }
            return new Figures(0, live, -1, Method.NONE,
                    List.of("its lock was not granted within 1 s: not measured"), "locked");
        }
        double usable = blockSize - Layout.PAGE_HEADER - Layout.BTREE_OPAQUE;
        double leafFill = usable - (double) blockSize * (100 - i.fillfactor()) / 100;
        double liveShare = table == null || table.liveRows() < 0 || table.deadRows() < 0
                || table.liveRows() + table.deadRows() == 0 ? 1
                : (double) table.liveRows() / (table.liveRows() + table.deadRows());
        double leafData = s[2] * usable * (Double.isNaN(s[5]) ? 0 : s[5]) / 100 * liveShare;
        long leaf = Math.max(1, (long) Math.ceil(leafData / leafFill));
        long internal = s[2] == 0 ? 0 : (long) Math.ceil(s[1] * leaf / s[2]);
        return new Figures(Math.max(0, (long) s[0] - (1 + leaf + internal) * blockSize), live, -1, Method.EXACT,
                List.of(), null);
    }

    // ---- advice --------------------------------------------------------------------------------

    private RelationBloat adviseTable(Table t, Figures f, History.Done last) {
        Action action;
        String reason;
        double pct = t.size() == 0 ? 0 : 100.0 * f.reclaimable() / t.size();
        long rows = Math.max(0, f.liveRows()) + Math.max(0, f.deadRows());
        double deadPct = rows == 0 ? 0 : 100.0 * Math.max(0, f.deadRows()) / rows;
        if (f.unmeasured() != null) {
            action = Action.NONE;
            reason = "not measured: " + f.unmeasured();
        } else if (pct >= options.minBloatPercent() && f.reclaimable() > 0) {
            action = Action.REPACK;
            reason = String.format(Locale.ROOT, "%s (%.0f%%) would be given back by a rewrite", Units.size(f.reclaimable()),
                    pct);
        } else if (deadPct >= options.minDeadPercent() && f.deadRows() >= MIN_DEAD_ROWS) {
            action = Action.VACUUM;
            reason = String.format(Locale.ROOT, "%,d dead rows (%.0f%% of its rows): a VACUUM makes their space "
                    + "reusable", f.deadRows(), deadPct);
        } else {
            action = Action.NONE;
            reason = String.format(Locale.ROOT, "%.0f%% reclaimable, below %d%%", pct, options.minBloatPercent());
        }
        return new RelationBloat(t.schema(), t.name(), t.display(), Kind.TABLE, t.name(), t.size(), f.reclaimable(),
                f.liveRows(), f.deadRows(), t.lastVacuum(), t.lastAnalyze(), f.method(), action, reason, f.caveats(),
                last == null ? null : last.action(), last == null ? null : last.at(), false);
    }

    private RelationBloat adviseIndex(Index i, Table t, Figures f, Action tableAction, History.Done last) {
        Action action;
        String reason;
        double pct = i.bytes() == 0 ? 0 : 100.0 * f.reclaimable() / i.bytes();
        if (!i.valid()) {
            action = Action.REINDEX;
            reason = "INVALID (left by a failed CREATE INDEX CONCURRENTLY or REINDEX): written to but never read; "
                    + "REINDEX INDEX CONCURRENTLY it, or drop it";
        } else if (tableAction == Action.REPACK) {
            action = Action.NONE;
            reason = "rebuilt by its table's repack";
        } else if (f.unmeasured() != null) {
            action = Action.NONE;
            reason = "not measured: " + f.unmeasured();
        } else if (pct >= options.minBloatPercent() && f.reclaimable() > 0) {
            action = Action.REINDEX;
            reason = String.format(Locale.ROOT, "%s (%.0f%%) would be given back by REINDEX INDEX CONCURRENTLY",
                    Units.size(f.reclaimable()), pct);
        } else {
            action = Action.NONE;
            reason = String.format(Locale.ROOT, "%.0f%% reclaimable, below %d%%", pct, options.minBloatPercent());
        }
        return new RelationBloat(i.schema(), i.name(), i.display(), Kind.INDEX, t.name(), i.bytes(), f.reclaimable(),
                f.liveRows(), -1, null, null, f.method(), action, reason, f.caveats(),
                last == null ? null : last.action(), last == null ? null : last.at(), !i.valid());
    }

    // ---- rows ----------------------------------------------------------------------------------

    private static Table table(ResultSet rs) throws SQLException {
        return new Table(rs.getLong("oid"), rs.getString("nspname"), rs.getString("relname"), rs.getString("display"),
                rs.getLong("heap_bytes"), rs.getLong("toast_bytes"), rs.getLong("reltoastrelid"),
                rs.getDouble("toast_tuples"), rs.getString("amname"), rs.getDouble("reltuples"), rs.getInt("relnatts"), rs.getInt("fillfactor"), nullableLong(rs, "n_live_tup"),
                nullableLong(rs, "n_dead_tup"), nullableLong(rs, "n_mod_since_analyze"),
                rs.getObject("last_vacuum", OffsetDateTime.class), rs.getObject("last_analyze", OffsetDateTime.class));
    }

    private static Index index(ResultSet rs) throws SQLException {
        return new Index(rs.getLong("indexrelid"), rs.getLong("indrelid"), rs.getString("nspname"),
                rs.getString("relname"), rs.getString("display"), rs.getString("amname"), rs.getLong("bytes"),
                rs.getDouble("reltuples"), rs.getBoolean("indisunique"), rs.getBoolean("indisvalid"),
                rs.getBoolean("has_expressions"), rs.getBoolean("partial"), rs.getInt("fillfactor"),
                rs.getBoolean("deduplicates"));
    }

    private static Column column(ResultSet rs) throws SQLException {
        int width = rs.getInt("avg_width");
        Integer avgWidth = rs.wasNull() ? null : width;
        boolean dropped = rs.getBoolean("attisdropped");
        return new Column(rs.getInt("attlen"), rs.getString("attalign").charAt(0), dropped, avgWidth,
                nullableDouble(rs, "null_frac"));
    }

    private static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    private static Double nullableDouble(ResultSet rs, String column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }

}
