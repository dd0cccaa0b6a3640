package io.recast.engine.internal.backfill;

import io.recast.engine.api.BackfillOptions;
import io.recast.engine.api.CopyMethod;
import io.recast.engine.api.CopyOrder;
import io.recast.engine.api.Phase;
import io.recast.engine.internal.catalog.KeyRangeSql;
import io.recast.engine.internal.catalog.TableDefinition;
import io.recast.engine.internal.job.JobSql;
import io.recast.engine.internal.job.JobTable;
import io.recast.engine.internal.runtime.ArtifactNames;
import io.recast.engine.internal.runtime.BetweenBatches;
import io.recast.engine.internal.runtime.Cancellation;
import io.recast.engine.internal.runtime.Progress;
import io.recast.engine.internal.sql.Jdbc;
import io.recast.engine.internal.sql.Sql;
import io.recast.engine.internal.sql.SqlStates;
import io.recast.engine.internal.throttle.ThrottleDecision;
import io.recast.engine.internal.throttle.Throttler;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies the table into the shadow, one short READ COMMITTED transaction per batch, so no snapshot is
 * held for longer than a batch and vacuum keeps working. Either by ranges of the key, through its
 * index ({@link CopyOrder#KEY}), or by ranges of the table's blocks ({@link CopyOrder#PHYSICAL},
 * PostgreSQL 14+: a TID range scan reads them in order, as one sequential scan would).
 *
 * <p>The shadow has no index while it fills: the batch and its progress record commit together,
 * so a batch is never applied twice and needs no unique index to stay idempotent. Rows changed
 * after a batch read them are in the change log and are replayed once the backfill is done.
 *
 * <p>The physical copy reads a row where it lies when its batch runs, and an update moves a row: one
 * read by an earlier batch can be read again in a later one (a key twice, which the key's unique
 * index, built before the replay, would refuse), one moved behind the copy is not read at all. Each
 * batch therefore skips the rows whose key the change log holds: their keys were written since the
 * trigger came, and the replay makes the shadow's rows of each such key equal the table's, whatever
 * the copy did. A row moves only by a write, so a key read twice has been logged before its second
 * read, which then skips it; a row read nowhere has been logged. A rewrite of the table's file
 * (VACUUM FULL, CLUSTER, TRUNCATE) moves every row without a log: each batch checks the file under
 * its lock, and a new file starts the copy again, the shadow emptied, in the same transaction.
 */
public final class Backfill {
    private final TableDefinition table;
    private final ArtifactNames names;
    private final BatchSizer sizer;
    private final BetweenBatches between;
    private final CopyOrder order;
    private static final Logger LOG = LoggerFactory.getLogger(Backfill.class);
    private CopyMethod method = CopyMethod.INSERT;
    private TableDefinition target;
    private Opener opener;
    private Consumer<String> warn = w -> { };
    /** --order-by: the new table's columns the copy sorts by; empty: none. */
    private List<String> orderBy = List.of();
    /** The COPY method's reader while the physical copy uses it; null with INSERT. */
    private BlockStream stream;
    /** Rows per block of a table without statistics, until the first batch's time adapts the size. */
    private static final double UNKNOWN_ROWS_PER_BLOCK = 50;

    /** What the backfill does, for a plan. */
    public static String describe(BackfillOptions b) {
        if (!b.orderBy().isEmpty()) {
            return "copy sorted by " + String.join(", ", b.orderBy()) + ": the table read once, in one statement and "
                    + "snapshot" + (b.method() == CopyMethod.COPY ? " by a second session, written with COPY where the "
                    + "table's types allow it, about " + b.batchRows() + " rows per transaction"
                    : ", written in one transaction")
                    + (b.maxRowsPerSecond() > 0 ? ", at most " + b.maxRowsPerSecond() + " rows/s" : "");
        }
        return (b.order() == CopyOrder.PHYSICAL ? "copy by ranges of the table's blocks (in key order on PostgreSQL 13), "
                + (b.method() == CopyMethod.COPY ? "read by a second session and written with COPY where the table's "
                + "types allow it, " : "") + "skipping rows whose key the change log holds (the replay copies those), "
                + "about " : "copy in key order, ")
                + b.batchRows() + " rows per transaction"
                + (b.maxRowsPerSecond() > 0 ? ", at most " + b.maxRowsPerSecond() + " rows/s" : "");
    }

    /** A batch's statements, for a plan. */
    public static List<String> statements(TableDefinition t, ArtifactNames n, BackfillOptions b) {
        if (!b.orderBy().isEmpty()) {
            return b.method() == CopyMethod.COPY ? List.of(BackfillSql.sortMemory(false),
                    BackfillSql.streamSorted(t, b.orderBy()), "-- each batch:", BackfillSql.streamInto(t, n),
                    JobSql.progress())
                    : List.of(BackfillSql.sortMemory(true), BackfillSql.copySorted(t, n, b.orderBy()), JobSql.progress());
        }
        if (b.order() == CopyOrder.PHYSICAL && b.method() == CopyMethod.COPY) {
            return List.of(BackfillSql.streamBlocks(t, n, "'(p,0)'::tid", "'(q,0)'::tid"),
                    BackfillSql.streamInto(t, n), JobSql.progress());
        }
        return b.order() == CopyOrder.PHYSICAL ? List.of(BackfillSql.copyBlocks(t, n, true), JobSql.progress())
                : List.of(KeyRangeSql.nextBound(t, true), BackfillSql.copy(t, n, true, true), JobSql.progress());
    }

    /** Opens the COPY method's reading session. */
    public interface Opener {
        Connection open() throws SQLException;
    }

    /**
     * The physical copy's method (INSERT until this is called): with COPY, {@code opener} gives the
     * session that reads, and {@code target} is the new table's definition, whose columns must have the
     * types of the table's (else the copy uses INSERT; when a column's type has no binary input or output
     * or the reader cannot be opened, it also says why to {@code warn}).
     */
    public Backfill method(CopyMethod method, TableDefinition target, Opener opener, Consumer<String> warn) {
        this.method = method;
        this.target = target;
        this.opener = opener;
        this.warn = warn;
        return this;
    }

    /** --order-by: the whole table read sorted by these columns of the new table (empty: as {@code order} says). */
    public Backfill orderBy(List<String> columns) {
        this.orderBy = List.copyOf(columns);
        return this;
    }

    /** A fixed batch size, key order and no throttle signals (the benchmarks). */
    public Backfill(TableDefinition table, ArtifactNames names, int batchRows) {
        this(table, names, new BatchSizer(batchRows, Duration.ZERO, batchRows, batchRows), BetweenBatches.NONE,
                CopyOrder.KEY);
    }

    /** @param between called after each batch but the last: job control and throttle signals */
    public Backfill(TableDefinition table, ArtifactNames names, BatchSizer sizer, BetweenBatches between,
                    CopyOrder order) {
        this.table = table;
        this.names = names;
        this.sizer = sizer;
        this.between = between;
        this.order = order;
    }

    /**
     * One committed batch: rows copied, how much of the table it covered in the sizer's unit (rows or
     * blocks), and where the next one starts (none after the last batch).
     */
    private record Batch(long copied, long covered, Optional<List<String>> next) {
    }

    /** How a batch finds its range and copies it, in the caller's transaction, with its progress. */
    private interface Ranges {
        Batch copy(Connection c, List<String> from, int size, long jobId) throws SQLException;
    }

    public void run(Connection c, long jobId, Throttler throttler, Progress progress, Cancellation cancel)
            throws SQLException {
        run(c, jobId, throttler, progress, cancel, null);
    }

    /**
     * As {@link #run(Connection, long, Throttler, Progress, Cancellation)}, after the position
     * {@code after} (what a resumed job's last batch committed: its last key, or the file and block the
     * physical copy goes on from), or from the start when null.
     */
    public void run(Connection c, long jobId, Throttler throttler, Progress progress, Cancellation cancel,
                    List<String> after) throws SQLException {
        boolean sorted = !orderBy.isEmpty();
        boolean physical = !sorted && order == CopyOrder.PHYSICAL && Jdbc.serverVersion(c) >= 140000;
        stream = physical || sorted ? openStream(c) : null;
        try {
            if (sorted) {
                sorted(c, jobId, throttler, progress, cancel, after != null);
            } else {
                copy(c, physical ? blocks(c) : keys(), jobId, throttler, progress, cancel, after);
            }
        } finally {
            if (stream != null) {
                stream.close();
                stream = null;
            }
        }
    }

    private void copy(Connection c, Ranges ranges, long jobId, Throttler throttler, Progress progress,
                      Cancellation cancel, List<String> after) throws SQLException {
        List<String> from = after;
        throttler.start();
        while (true) {
            cancel.check();
            List<String> lower = from;
            cancel.running(c);
            if (stream != null) {
                cancel.alsoRunning(stream.reader());
            }
            Batch batch;
            Instant started = progress.now();
            try {
                batch = Jdbc.transaction(c, () -> ranges.copy(c, lower, sizer.size(), jobId));
            } catch (SQLException e) {
                if (stream == null || !SqlStates.is(e, SqlStates.UNDEFINED_FUNCTION)) {
                    throw e;
                }
                // a type without binary input or output inside a column's (a composite's field, say)
                insteadOfCopy("binary COPY cannot carry a column (" + e.getMessage() + "); this batch is copied again");
                stream.close();
                stream = null;
                continue;
            } finally {
                cancel.running(null);
            }
            if (!afterBatch(batch, started, throttler, progress, cancel)) {
                return;
            }
            from = batch.next().get();
        }
    }

    /**
     * After a batch committed: its progress, the next batch's size, job control and the throttle; false
     * after the last batch.
     */
    private boolean afterBatch(Batch batch, Instant started, Throttler throttler, Progress progress, Cancellation cancel)
            throws SQLException {
        Duration took = Duration.between(started, progress.now());
        progress.copied(batch.copied(), took);
        if (batch.next().isEmpty()) {
            return false;
        }
        sizer.next(batch.covered(), took);
        between.between(progress, cancel);
        ThrottleDecision d = throttler.decide(batch.copied());
        if (d.pause()) {
            progress.throttle(d.reason());
            cancel.sleep(d.delay());
            progress.throttle(null);
        }
        return true;
    }

    /** The position of a sorted copy's job row (see {@link #sorted}). */
    private static final String SORTED = "sorted copy";

    /**
     * --order-by: the table read once, sorted, by one statement on the reader (one snapshot, as pg_repack's
     * sorted copy; every change after it is in the change log), its rows written in batches, each committed
     * with its progress. A read that ended with its session cannot go on where it stopped: a resumed sorted
     * copy ({@code again}) empties the shadow and starts again. Without the COPY method, one INSERT ... SELECT
     * copies the whole table in one transaction.
     */
    private void sorted(Connection c, long jobId, Throttler throttler, Progress progress, Cancellation cancel,
                        boolean again) throws SQLException {
        throttler.start();
        boolean empty = again;
        if (stream != null) {
            try {
                streamSorted(c, jobId, throttler, progress, cancel, again);
                return;
            } catch (SQLException e) {
                if (!SqlStates.is(e, SqlStates.UNDEFINED_FUNCTION)) {
                    throw e;
                }
                // a type without binary input or output inside a column's (a composite's field, say)
                insteadOfCopy("binary COPY cannot carry a column (" + e.getMessage() + "); the copy starts again");
                stream.close();
                stream = null;
                empty = true;
            }
        }
        boolean truncate = empty;
        cancel.check();
        cancel.running(c);
        Instant started = progress.now();
        Batch batch;
        try {
            batch = Jdbc.transaction(c, () -> {
                if (truncate) {
                    Jdbc.exec(c, "backfill", BackfillSql.emptyShadow(names));
                }
                Jdbc.query(c, BackfillSql.sortMemory(true), rs -> rs.getString(1));
                long copied = Jdbc.update(c, "backfill", BackfillSql.copySorted(table, names, orderBy));
                committed(c, jobId, copied, Optional.empty());
                return new Batch(copied, copied, Optional.empty());
            });
        } finally {
            cancel.running(null);
        }
        afterBatch(batch, started, throttler, progress, cancel);
    }

    private void streamSorted(Connection c, long jobId, Throttler throttler, Progress progress, Cancellation cancel,
                              boolean again) throws SQLException {
        if (again) {
            Jdbc.transaction(c, () -> {
                Jdbc.exec(c, "backfill", BackfillSql.emptyShadow(names));
                return null;
            });
        }
        String into = BackfillSql.streamInto(table, names);
        try (BlockStream.Rows rows = stream.rows(BackfillSql.streamSorted(table, orderBy))) {
            while (true) {
                cancel.check();
                cancel.running(c);
                cancel.alsoRunning(stream.reader());
                Instant started = progress.now();
                int size = sizer.size();
                Batch batch;
                try {
                    batch = Jdbc.transaction(c, () -> {
                        long copied = rows.copy(c, into, size);
                        Optional<List<String>> next = rows.done() ? Optional.empty() : Optional.of(List.of(SORTED));
                        committed(c, jobId, copied, next);
                        return new Batch(copied, copied, next);
                    });
                } finally {
                    cancel.running(null);
                }
                if (!afterBatch(batch, started, throttler, progress, cancel)) {
                    return;
                }
            }
        }
    }

    /** The COPY method's reader, when the method is COPY and the table allows it; else null (INSERT). */
    private BlockStream openStream(Connection c) throws SQLException {
        if (method != CopyMethod.COPY || opener == null) {
            return null;
        }
        if (!sameTypes(table, target)) {
            // recast alter converting a column: INSERT converts it as an assignment does, as documented
            LOG.debug("the copy uses INSERT ... SELECT: a column changes its type or is converted");
            return null;
        }
        if (!Jdbc.queryBoolean(c, BackfillSql.BINARY_IO, table.oid())) {
            insteadOfCopy("a column's type has no binary input or output");
            return null;
        }
        try {
            return new BlockStream(opener.open());
        } catch (SQLException e) {
            insteadOfCopy("no second session could be opened (" + e.getMessage() + ")");
            return null;
        }
    }

    private void insteadOfCopy(String why) {
        LOG.debug("the copy uses INSERT ... SELECT: {}", why);
        warn.accept("the copy writes with INSERT ... SELECT instead of COPY: " + why + "; the new table's pages then "
                + "reach the disk later, in one burst (see --copy-method)");
    }

    /** Whether every copied column goes unconverted into a column of the same type of {@code target}. */
    static boolean sameTypes(TableDefinition table, TableDefinition target) {
        return target != null && table.copiedColumns().stream().allMatch(col -> col.copyExpr() == null
                && target.columns().stream().anyMatch(t -> t.name().equals(col.target())
                        && Objects.equals(t.type(), col.type())));
    }

    private static final Pattern POSITION = Pattern.compile("block (\\d+) of file (\\d+)");

    /** Where the physical copy goes on, as the job row keeps it (and a resumed run says it). */
    static String position(long block, String filenode) {
        return "block " + block + " of file " + filenode;
    }

    /** How a resumed backfill goes on from its job row's position, for the message that says so. */
    public static String resumes(List<String> position) {
        return physical(position) ? " at " + position.get(0)
                : List.of(SORTED).equals(position) ? " (its sorted copy starts again)" : " after key " + position;
    }

    /** Whether a job row's position is the physical copy's (else it is the last key copied). */
    public static boolean physical(List<String> position) {
        return position != null && position.size() == 1 && POSITION.matcher(position.get(0)).matches();
    }

    /** Records the batch's progress; with the last batch a job that stops goes on with the indexes. */
    private static void committed(Connection c, long jobId, long copied, Optional<List<String>> next)
            throws SQLException {
        JobTable.copied(c, jobId, copied, next.map(u -> u.toArray(String[]::new)).orElse(null));
        if (next.isEmpty()) {
            JobTable.phase(c, jobId, Phase.INDEX);
        }
    }

    /** Key ranges: each batch's upper bound is the key {@code size} rows on, read from the key's index. */
    private Ranges keys() {
        String firstBound = KeyRangeSql.nextBound(table, false);
        String nextBound = KeyRangeSql.nextBound(table, true);
        int keys = table.key().size();
        return (c, lower, size, jobId) -> {
            List<Object> params = new ArrayList<>();
            if (lower != null) {
                params.addAll(lower);
            }
            params.add(size - 1);
            Optional<List<String>> upper = Jdbc.queryOne(c, lower == null ? firstBound : nextBound, Jdbc.texts(keys),
                    params.toArray());
            List<Object> copyParams = new ArrayList<>();
            if (lower != null) {
                copyParams.addAll(lower);
            }
            upper.ifPresent(copyParams::addAll);
            long copied = Jdbc.update(c, "backfill", BackfillSql.copy(table, names, lower != null, upper.isPresent()),
                    copyParams.toArray());
            committed(c, jobId, copied, upper);
            return new Batch(copied, copied, upper);
        };
    }

    /**
     * Block ranges of the table's file as it is when the copy starts; the last batch reads to the end,
     * blocks added since included. The sizer's unit becomes blocks: its row counts are divided by the
     * table's rows per block (from its statistics), so that a batch holds about as many live rows. A
     * position names the next block and the file, see {@link #position}.
     */
    private Ranges blocks(Connection c) throws SQLException {
        double rowsPerBlock = Jdbc.queryOne(c, BackfillSql.ROWS_PER_BLOCK, rs -> rs.getDouble(1), table.oid())
                .orElse(0.0);
        sizer.rescale(1 / (rowsPerBlock > 0 ? rowsPerBlock : UNKNOWN_ROWS_PER_BLOCK));
        String copyTo = BackfillSql.copyBlocks(table, names, true);
        String copyRest = BackfillSql.copyBlocks(table, names, false);
        String streamInto = BackfillSql.streamInto(table, names);
        return (conn, from, size, jobId) -> {
            Jdbc.exec(conn, "backfill", BackfillSql.lockTable(table));
            String[] file = Jdbc.queryOne(conn, BackfillSql.FILE, rs -> new String[] {rs.getString(1), rs.getString(2)},
                    table.oid()).orElseThrow();
            long start = 0;
            Matcher at = from == null ? null : POSITION.matcher(from.get(0));
            if (at != null && at.matches() && at.group(2).equals(file[0])) {
                start = Long.parseLong(at.group(1));
            } else if (from != null) {
                // the file was rewritten since the copy began: its rows lie elsewhere now, so from the start
                Jdbc.exec(conn, "backfill", BackfillSql.emptyShadow(names));
            }
            long end = start + size;
            boolean last = end >= Long.parseLong(file[1]);
            long copied;
            if (stream != null) {
                copied = stream.copy(conn, BackfillSql.streamBlocks(table, names, Sql.literal(BackfillSql.tid(start))
                        + "::tid", last ? null : Sql.literal(BackfillSql.tid(end)) + "::tid"), streamInto);
            } else {
                copied = last ? Jdbc.update(conn, "backfill", copyRest, BackfillSql.tid(start))
                        : Jdbc.update(conn, "backfill", copyTo, BackfillSql.tid(start), BackfillSql.tid(end));
            }
            Optional<List<String>> next = last ? Optional.empty() : Optional.of(List.of(position(end, file[0])));
            committed(conn, jobId, copied, next);
            return new Batch(copied, size, next);
        };
    }
}
