package io.recast.engine.internal.check;

import io.recast.engine.api.CheckItem.Status;
import io.recast.engine.api.CheckItem;
import io.recast.engine.api.BloatOptions;
import io.recast.engine.api.BloatReport;
import io.recast.engine.api.CheckOptions;
import io.recast.engine.api.NotEligibleException;
import io.recast.engine.api.RelationBloat;
import io.recast.engine.api.RewriteOptions;
import io.recast.engine.internal.bloat.BloatMeasure;
import io.recast.engine.internal.catalog.KeyRangeSql;
import io.recast.engine.internal.catalog.TableDefinition;
import io.recast.engine.internal.plan.RewritePlan;
import io.recast.engine.internal.sql.Jdbc;
import io.recast.engine.internal.sql.SqlStates;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The estimated-time and disk-space items. The time is extrapolated from a timed read of the
 * table's first rows in key order, with the backfill's query shape; the sizes from the catalog and
 * the statistics counters. Both say what they are based on, and that they are estimates.
 */
final class Estimates {
    /**
     * A whole run (copy with its writes and WAL, index builds, catch-up, swap) over the time the
     * sample read extrapolates to, as measured on this project's 2-core machine (PostgreSQL 15,
     * tables of 200,000, 1,000,000 and 2,000,000 rows of (bigint key, md5 text, int), with the key
     * alone or also an index on the text): 2.2, 3.8, 3.9, 4.1, 4.7 and 7.2; the median, rounded.
     * Index builds make most of the spread: an index on wide text took longer than the copy.
     */
    static final int RUN_OVER_READ = 4;
    /** A change-log row beyond its key: its id (8), the item pointer (4) and its index entry (about 20). */
    static final long LOG_ROW_OVERHEAD = 32;

    private final List<Leaf> leaves;
    private final long sampled;
    private final long sampleNanos;
    private final long keyBytes;
    private final String sampleProblem;
    private final long rows;
    private final long runMillis;

    /** One table to rewrite (a partition, for a partitioned table), with its size and statistics. */
    private record Leaf(TableDefinition table, long totalBytes, long heapBytes, long indexBytes, long rows,
                        String rowsFrom, long live, long dead, long writes, String since, double seconds,
                        long reclaimable, String reclaimableFrom) {
    }

    /** The sample read of one table: rows read, their bytes and their keys' bytes; all of it when complete. */
    private record Sample(long rows, long bytes, long keyBytes, long nanos, boolean complete) {
    }

    private Estimates(List<Leaf> leaves, long sampled, long sampleNanos, long keyBytes, String sampleProblem,
                      long rows, long runMillis) {
        this.leaves = leaves;
        this.sampled = sampled;
        this.sampleNanos = sampleNanos;
        this.keyBytes = keyBytes;
        this.sampleProblem = sampleProblem;
        this.rows = rows;
        this.runMillis = runMillis;
    }

    /**
     * Reads the sizes and times a sample of at most {@code checks.sampleRows()} rows, from the first
     * tables in the order the run takes them; each read in a READ ONLY transaction of its own.
     */
    static Estimates measure(Connection c, List<RewritePlan> plans, RewriteOptions options, CheckOptions checks)
            throws SQLException {
        List<Sample> samples = new ArrayList<>();
        String problem = null;
        long budget = checks.sampleRows();
        for (RewritePlan p : plans) {
            if (budget <= 0 || problem != null) {
                samples.add(null);
                continue;
            }
            try {
                Sample s = sample(c, p.table(), budget);
                samples.add(s);
                budget -= s.rows();
            } catch (SQLException e) {
                if (!SqlStates.is(e, SqlStates.LOCK_NOT_AVAILABLE) && !SqlStates.is(e, SqlStates.INSUFFICIENT_PRIVILEGE)) {
                    throw e;
                }
                problem = "could not read a sample of " + p.table().displayName() + " (" + e.getMessage().strip()
                        + ", SQLSTATE " + e.getSQLState() + ")";
                samples.add(null);
            }
        }
        long sampledRows = samples.stream().filter(s -> s != null).mapToLong(Sample::rows).sum();
        long sampledBytes = samples.stream().filter(s -> s != null).mapToLong(Sample::bytes).sum();
        long nanos = samples.stream().filter(s -> s != null).mapToLong(Sample::nanos).sum();
        List<Leaf> leaves = new ArrayList<>();
        for (int i = 0; i < plans.size(); i++) {
            leaves.add(leaf(c, plans.get(i).table(), samples.get(i), sampledRows == 0 ? 0 : sampledBytes / sampledRows));
        }
        leaves = reclaimable(c, leaves);
        long rows = leaves.stream().mapToLong(Leaf::rows).sum();
        long runMillis = 0;
        if (sampledRows > 0 && rows > 0) {
            double readSeconds = rows * (nanos / 1e9) / sampledRows;
            double copySeconds = readSeconds * RUN_OVER_READ;
            if (options.backfill().maxRowsPerSecond() > 0) {
                copySeconds = Math.max(copySeconds, (double) rows / options.backfill().maxRowsPerSecond());
            }
            long batches = (rows + options.backfill().batchRows() - 1) / options.backfill().batchRows();
            runMillis = Math.round(copySeconds * 1000) + batches * options.backfill().batchPause().toMillis();
        }
        long keyBytes = samples.stream().filter(s -> s != null).mapToLong(Sample::keyBytes).sum();
        return new Estimates(leaves, sampledRows, nanos, keyBytes, problem, rows, runMillis);
    }

    private static Sample sample(Connection c, TableDefinition t, long limit) throws SQLException {
        long start = System.nanoTime();
        return Jdbc.transaction(c, () -> {
            Jdbc.exec(c, "check", PreflightSql.READ_ONLY);
            Optional<List<String>> upper = Jdbc.queryOne(c, KeyRangeSql.nextBound(t, false), rs -> {
                List<String> k = new ArrayList<>();
                for (int i = 1; i <= t.key().size(); i++) {
                    k.add(rs.getString(i));
                }
                return k;
            }, limit - 1);
            long[] r = Jdbc.queryOne(c, PreflightSql.sampleRead(t, upper.isPresent()),
                    rs -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)},
                    upper.map(List::toArray).orElse(new Object[0])).orElseThrow();
            return new Sample(r[0], r[1], r[2], System.nanoTime() - start, upper.isEmpty());
        });
    }

    private static Leaf leaf(Connection c, TableDefinition t, Sample s, long bytesPerRow) throws SQLException {
        return Jdbc.queryOne(c, PreflightSql.SIZE, rs -> {
            long reltuples = rs.getLong("reltuples");
            long live = rs.getLong("live");
            long heap = rs.getLong("heap_bytes");
            long rows;
            String from;
            if (s != null && s.complete()) {
                rows = s.rows();
                from = "counted";
            } else if (reltuples > 0) {
                rows = reltuples;
                from = "pg_class.reltuples";
            } else if (live > 0) {
                rows = live;
                from = "pg_stat_user_tables.n_live_tup";
            } else {
                // never analyzed: the heap's size over the sampled rows' size and their item pointers
                rows = bytesPerRow == 0 ? 0 : heap / (bytesPerRow + 4);
                from = "the table's size";
            }
            return new Leaf(t, rs.getLong("total_bytes"), heap, rs.getLong("index_bytes"), rows, from, live,
                    rs.getLong("dead"), rs.getLong("writes"), rs.getString("since"), rs.getDouble("seconds"), 0, null);
        }, t.oid()).orElseThrow(() -> new NotEligibleException(t.displayName(),
                List.of("the table was dropped")));
    }

    /**
     * The leaves with what a rewrite gives back of each and its indexes, as recast bloat measures it:
     * one measure per schema (a partitioned table's leaves mostly share one).
     */
    private static List<Leaf> reclaimable(Connection c, List<Leaf> leaves) throws SQLException {
        Map<String, BloatReport> bySchema = new LinkedHashMap<>();
        for (String schema : leaves.stream().map(l -> l.table().schema()).distinct().toList()) {
            Set<String> names = leaves.stream().filter(l -> l.table().schema().equals(schema))
                    .map(l -> l.table().name()).collect(Collectors.toSet());
            bySchema.put(schema, new BloatMeasure(BloatOptions.defaults()).measureTables(c, schema, names));
        }
        List<Leaf> out = new ArrayList<>();
        for (Leaf l : leaves) {
            BloatReport b = bySchema.get(l.table().schema());
            long bytes = b.relations().stream().filter(r -> r.table().equals(l.table().name()))
                    .mapToLong(RelationBloat::reclaimableBytes).sum();
            String from = b.exact() ? "measured by pgstattuple" : "estimated from the planner's statistics";
            out.add(new Leaf(l.table(), l.totalBytes(), l.heapBytes(), l.indexBytes(), l.rows(), l.rowsFrom(), l.live(),
                    l.dead(), l.writes(), l.since(), l.seconds(), Math.min(bytes, l.totalBytes()), from));
        }
        return out;
    }

    /** The estimated duration of the whole run; zero when it could not be estimated. */
    Duration run() {
        return Duration.ofMillis(runMillis);
    }

    /** About what the copy and the index builds write to the WAL: the shadow's size. */
    long walBytes() {
        return shadowBytes();
    }

    /** The new table with its indexes: the table now less what a rewrite gives back of it. */
    private long shadowBytes() {
        return leaves.stream().mapToLong(l -> l.heapBytes() + l.indexBytes() - l.reclaimable()).sum();
    }

    CheckItem time(RewriteOptions options) {
        Map<String, Long> figures = new LinkedHashMap<>();
        figures.put("rowEstimate", rows);
        figures.put("sampleRows", sampled);
        figures.put("sampleMillis", sampleNanos / 1_000_000);
        if (sampleProblem != null) {
            return new CheckItem(CheckItem.ESTIMATED_TIME, Status.WARN, sampleProblem + ", so there is no "
                    + "estimate; the table holds about " + rows + " rows. Run the check again when the table is not "
                    + "locked", figures);
        }
        if (sampled == 0 || rows == 0) {
            return new CheckItem(CheckItem.ESTIMATED_TIME, Status.OK, "the table is empty: the run takes only its "
                    + "fixed steps (creating the shadow, log and trigger, the swap), typically about a second", figures);
        }
        long readMillis = Math.round(rows * (sampleNanos / 1e6) / sampled);
        figures.put("readMillis", readMillis);
        figures.put("estimatedMillis", runMillis);
        String rate = String.format(Locale.ROOT, "%,d rows/s", Math.round(sampled / (sampleNanos / 1e9)));
        StringBuilder b = new StringBuilder("about ").append(Format.duration(run()))
                .append(" (an estimate): reading the first ").append(sampled).append(" rows in key order, as the copy "
                        + "reads them, took ").append(Format.duration(Duration.ofNanos(sampleNanos))).append(" (")
                .append(rate).append("); at that rate reading all of about ").append(rows).append(" rows (")
                .append(rowsFrom()).append(") takes ").append(Format.duration(Duration.ofMillis(readMillis)))
                .append(", and a whole run, which also writes every row and its WAL, builds the ")
                .append(leaves.size() == 1 ? Format.count(leaves.get(0).table().indexes().size(), "index", "indexes")
                        : "indexes of each partition")
                .append(" and swaps, took 2 to 7 times the read in our measurements (").append(RUN_OVER_READ)
                .append(" is assumed; more with many or wide indexes)");
        if (options.backfill().maxRowsPerSecond() > 0 || !options.backfill().batchPause().isZero()) {
            b.append(", or longer with the throttling options given");
        }
        b.append("; the rate of the first rows may not hold for the whole table, and load on the server slows the run");
        return new CheckItem(CheckItem.ESTIMATED_TIME, Status.OK, b.toString(), figures);
    }

    private String rowsFrom() {
        List<String> from = leaves.stream().map(Leaf::rowsFrom).distinct().toList();
        return "from " + String.join(" and ", from);
    }

    CheckItem disk(RewriteOptions options) {
        long total = leaves.stream().mapToLong(Leaf::totalBytes).sum();
        long heap = leaves.stream().mapToLong(Leaf::heapBytes).sum();
        long index = leaves.stream().mapToLong(Leaf::indexBytes).sum();
        long shadow = shadowBytes();
        long writes = leaves.stream().mapToLong(Leaf::writes).sum();
        double seconds = leaves.stream().mapToDouble(Leaf::seconds).max().orElse(1);
        double perSecond = writes / seconds;
        int keyColumns = leaves.isEmpty() ? 1 : leaves.get(0).table().key().size();
        long keyRow = sampled > 0 ? keyBytes / sampled : 24 + 8L * keyColumns;
        long logBytes = Math.round(perSecond * (runMillis / 1000.0) * (keyRow + LOG_ROW_OVERHEAD));
        long extra = shadow + logBytes;
        Map<String, Long> figures = new LinkedHashMap<>();
        figures.put("tableBytes", total);
        figures.put("shadowBytes", shadow);
        figures.put("reclaimableBytes", leaves.stream().mapToLong(Leaf::reclaimable).sum());
        figures.put("logBytes", logBytes);
        figures.put("walBytes", walBytes());
        figures.put("extraBytes", extra);
        StringBuilder b = new StringBuilder("about ").append(Format.size(extra)).append(" more while the run lasts: ")
                .append("the table uses ").append(Format.size(total)).append(" now (").append(Format.size(heap))
                .append(" table and TOAST, ").append(Format.size(index)).append(" indexes); ");
        long reclaimable = leaves.stream().mapToLong(Leaf::reclaimable).sum();
        b.append("a rewrite gives back about ").append(Format.size(reclaimable)).append(String.format(Locale.ROOT,
                " (%.0f%%", total == 0 ? 0.0 : 100.0 * reclaimable / total)).append(", ")
                .append(leaves.stream().map(Leaf::reclaimableFrom).distinct().collect(Collectors.joining(" and ")))
                .append(", as recast bloat does)");
        b.append(", so the shadow takes about ").append(Format.size(shadow)).append("; the change log about ")
                .append(Format.size(logBytes)).append(" (")
                .append(String.format(Locale.ROOT, "%.1f", perSecond)).append(" writes/s, the average of the table's "
                        + "insert, update and delete counters since ").append(leaves.isEmpty() ? "?" : leaves.get(0).since())
                .append(", not the current rate, over the estimated run); the copy and index builds also write about ")
                .append(Format.size(walBytes())).append(" of WAL");
        if (options.keepOld()) {
            b.append("; with --keep-old the old table's ").append(Format.size(total)).append(" stays until you drop it");
        }
        String tablespace = leaves.isEmpty() || leaves.get(0).table().tablespace() == null ? "the default tablespace"
                : "tablespace " + leaves.get(0).table().tablespace();
        b.append(". PostgreSQL cannot tell SQL how much disk is free: check that the file system of ").append(tablespace)
                .append(" (and of pg_wal) has that much to spare");
        // worth a warning only when the change log would outgrow the table's copy: writes fast for its size
        boolean more = logBytes > shadow;
        if (more) {
            b.append("; the change log would take more than the table's copy: the write rate is high for the table's "
                    + "size (a quieter time, or --max-rows-per-second 0 and a short run, keep it smaller)");
        }
        return new CheckItem(CheckItem.DISK_SPACE, more ? Status.WARN : Status.OK, b.toString(), figures);
    }
}
