package io.recast.engine.testkit;

import io.recast.engine.internal.sql.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * Concurrent writers for tests, driven by the table's own key and column types ({@link TableShape}):
 * inserts into the gaps between rows and past both ends, updates of every column (to another row's
 * value, to NULL, to a value large enough to be TOASTed), key moves up and down (across partitions,
 * where the key decides the partition), deletes, and keys deleted earlier inserted again. Each
 * transaction writes the table and then puts what the table now holds for that row (its
 * {@code RETURNING}, after triggers and defaults) into the twin, so that afterwards the two must be
 * equal row for row.
 *
 * <p>A write the table refuses (a unique or check violation, no partition for the row, a value too
 * large for an index) is rolled back and counted as rejected: the writers pick keys and values at random. A deadlock or serialization
 * failure is an error: the application must never see one because of a rewrite.
 * {@link #errors()} holds them, and every other failure; a test asserts it empty.
 */
public final class Writers implements AutoCloseable {
    private final DataSource ds;
    private final TableShape shape;
    private final String twin;
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicLong transactions = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong deadlocks = new AtomicLong();
    private final List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong lostSessions = new AtomicLong();
    private volatile boolean surviveLostSessions;
    /** Keys of rows that committed transactions left in the table: the only targets of writes. */
    private final List<List<String>> keys;
    /** Keys whose rows committed transactions deleted or moved away: inserted again later, into the gap. */
    private final List<List<String>> deleted = Collections.synchronizedList(new ArrayList<>());

    private Writers(DataSource ds, TableShape shape, String twin, List<List<String>> keys) {
        this.ds = ds;
        this.shape = shape;
        this.twin = twin;
        this.keys = Collections.synchronizedList(new ArrayList<>(keys));
    }

    /**
     * Starts {@code count} writer threads on {@code table} and {@code twin} (both qualified; the twin
     * holds the same rows, in the table's columns or some of them).
     *
     * @param pause pause between a thread's transactions
     */
    public static Writers twin(DataSource ds, String table, String twin, int count, long seed, Duration pause)
            throws SQLException {
        return twin(ds, table, twin, count, seed, pause, Limits.NONE);
    }

    /**
     * What the writers leave alone.
     *
     * @param bigValues whether they write TOAST-sized values (not into a column whose type a
     *                  concurrent {@code recast alter} narrows)
     * @param onlyRows  a condition on the table's columns: only the rows it holds when the writers
     *                  start are written (and the rows the writers add); null for all
     */
    public record Limits(boolean bigValues, String onlyRows) {
        public static final Limits NONE = new Limits(true, null);
    }

    /**
     * As {@link #twin(DataSource, String, String, int, long, Duration)}, within {@code limits}. The
     * writers write only the columns the twin has too.
     */
    public static Writers twin(DataSource ds, String table, String twin, int count, long seed, Duration pause,
                               Limits limits) throws SQLException {
        Writers w;
        try (Connection c = ds.getConnection()) {
            TableShape all = TableShape.of(c, table, twin);
            TableShape shape = limits.bigValues() ? all : all.withoutBigValues();
            List<List<String>> keys = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + shape.keyText() + " FROM " + table
                    + (limits.onlyRows() == null ? "" : " WHERE " + limits.onlyRows()));
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    keys.add(row(rs, shape.key().size()));
                }
            }
            w = new Writers(ds, shape, twin, keys);
        }
        for (int i = 0; i < count; i++) {
            Random random = new Random(seed * 31 + i);
            Thread t = new Thread(() -> w.loop(random, pause), "twin-writer-" + i);
            t.setDaemon(true);
            w.threads.add(t);
            t.start();
        }
        return w;
    }

    /**
     * Creates {@code twin} with the columns, defaults, generated columns and identity of {@code table}
     * (LIKE ... INCLUDING DEFAULTS, GENERATED, IDENTITY: the table's own constraints, indexes and triggers
     * are not needed, the table refuses what they refuse before the twin is written), an index on its
     * key, the foreign keys that reference the table itself (their ON DELETE and ON UPDATE actions
     * change other rows of the table, so they must change the twin's alike), and copies the rows.
     */
    public static void createTwin(Connection c, String table, String twin) throws SQLException {
        TableShape shape = TableShape.of(c, table);
        String cols = shape.columns().stream().map(x -> Sql.ident(x.name())).collect(Collectors.joining(", "));
        String key = shape.key().stream().map(x -> Sql.ident(x.name())).collect(Collectors.joining(", "));
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + twin + " (LIKE " + table + " INCLUDING DEFAULTS INCLUDING GENERATED "
                    + "INCLUDING IDENTITY)");
            s.execute("INSERT INTO " + twin + " (" + cols + ")" + (shape.overriding() ? " OVERRIDING SYSTEM VALUE" : "")
                    + " SELECT " + cols + " FROM " + table);
            s.execute("ALTER TABLE " + twin + " ADD UNIQUE (" + key + ")");
            // a FOR ALL TABLES publication (scenario for_all_tables_publication) publishes the twin too: its
            // updates and deletes need a replica identity
            s.execute("ALTER TABLE " + twin + " REPLICA IDENTITY FULL");
            List<String> selfReferences = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT (SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY k.i) FROM unnest(con.conkey)
                                WITH ORDINALITY k(n, i) JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.n),
                           (SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY k.i) FROM unnest(con.confkey)
                                WITH ORDINALITY k(n, i) JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.n),
                           regexp_replace(pg_get_constraintdef(con.oid), '^.*\\)', '')
                    FROM pg_constraint con
                    WHERE con.contype = 'f' AND con.conrelid = ?::regclass AND con.confrelid = con.conrelid
                    """)) {
                ps.setString(1, table);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        selfReferences.add("ALTER TABLE " + twin + " ADD FOREIGN KEY (" + rs.getString(1) + ") REFERENCES "
                                + twin + " (" + rs.getString(2) + ")" + rs.getString(3));
                    }
                }
            }
            for (String fk : selfReferences) {
                s.execute(fk);
            }
        }
    }

    /**
     * From now on a writer whose session is lost (terminated, or the server restarted) opens a new one
     * and goes on, as an application's pool would; counted in {@link #lostSessions()}. A transaction
     * whose commit was lost with its session changed both tables or neither: the twin stays exact.
     */
    public Writers surviveLostSessions() {
        surviveLostSessions = true;
        return this;
    }

    /** Sessions the writers lost and replaced (see {@link #surviveLostSessions()}). */
    public long lostSessions() {
        return lostSessions.get();
    }

    private void loop(Random random, Duration pause) {
        WriteOps ops = new WriteOps(shape, twin, random);
        while (!stop.get()) {
            try (Connection c = ds.getConnection()) {
                c.setAutoCommit(false);
                if (!writeUntilStopped(c, ops, random, pause)) {
                    return;
                }
            } catch (SQLException e) {
                if (!lost(e)) {
                    errors.add(e);
                    return;
                }
                lostSessions.incrementAndGet();
                pause(Duration.ofMillis(100));
            } catch (InterruptedException | RuntimeException e) {
                errors.add(e);
                return;
            }
        }
    }

    /**
     * Two writers updating one row through a partitioned parent, the first moving it to another
     * partition: PostgreSQL fails the second (40001, "... already moved to another partition due to
     * concurrent update") whatever else runs. Rolled back, so table and twin stay equal; a conflict of
     * the writers with each other, not with the rewrite, which never moves rows between partitions.
     */
    private static boolean movedByAnotherWriter(SQLException e) {
        return "40001".equals(e.getSQLState()) && e.getMessage() != null
                && e.getMessage().contains("moved to another partition due to concurrent update");
    }

    /** Whether a lost session is what went wrong, and the writers survive those. */
    private boolean lost(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        return surviveLostSessions && (state.startsWith("08") || state.startsWith("57P"));
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Writes on {@code c} until stopped (true) or a writer failed (false); a lost session throws. */
    private boolean writeUntilStopped(Connection c, WriteOps ops, Random random, Duration pause)
            throws SQLException, InterruptedException {
        while (!stop.get()) {
            WriteOps.Write w = ops.next(c, this::anyKey, this::anyDeleted);
            if (w == null) {
                continue;
            }
            try {
                WriteOps.Effect e = w.apply(c);
                c.commit();
                transactions.incrementAndGet();
                e.removed().forEach(k -> {
                    keys.remove(k);
                    deleted.add(k);
                });
                e.added().forEach(k -> {
                    deleted.remove(k);
                    keys.add(k);
                });
            } catch (SQLException e) {
                if (lost(e)) {
                    throw e;
                }
                c.rollback();
                String state = e.getSQLState() == null ? "" : e.getSQLState();
                if (state.startsWith("23") || state.equals("54000") || movedByAnotherWriter(e)) {
                    rejected.incrementAndGet();
                } else if (state.equals("40P01") || state.equals("40001")) {
                    deadlocks.incrementAndGet();
                    errors.add(e);
                } else {
                    errors.add(e);
                    return false;
                }
            }
            if (!pause.isZero()) {
                Thread.sleep(pause.toMillis());
            }
        }
        return true;
    }

    private List<String> anyKey(Random random) {
        synchronized (keys) {
            return keys.isEmpty() ? null : keys.get(random.nextInt(keys.size()));
        }
    }

    private List<String> anyDeleted(Random random) {
        synchronized (deleted) {
            return deleted.isEmpty() ? null : deleted.get(random.nextInt(deleted.size()));
        }
    }

    static List<String> row(ResultSet rs, int columns) throws SQLException {
        List<String> out = new ArrayList<>(columns);
        for (int i = 1; i <= columns; i++) {
            out.add(rs.getString(i));
        }
        return out;
    }

    /** Committed transactions. */
    public long transactions() {
        return transactions.get();
    }

    /**
     * Writes the table refused: unique, check or foreign key violations of the writers' random keys
     * and values, a TOAST-sized value in an indexed column (54000), or a row another writer had just
     * moved to another partition: rolled back.
     */
    public long rejected() {
        return rejected.get();
    }

    /** Deadlocks and serialization failures; each is also in {@link #errors()}. */
    public long deadlocks() {
        return deadlocks.get();
    }

    public List<Throwable> errors() {
        return List.copyOf(errors);
    }

    /**
     * Waits until at least {@code n} transactions committed.
     *
     * @throws AssertionError when they did not within {@code timeout}, or a writer failed
     */
    public void awaitTransactions(long n, Duration timeout) throws InterruptedException {
        long until = System.nanoTime() + timeout.toNanos();
        while (transactions.get() < n && errors.isEmpty()) {
            if (System.nanoTime() > until) {
                throw new AssertionError("the writers committed " + transactions.get() + " transactions within "
                        + timeout + ", not " + n + " (" + rejected.get() + " rejected)");
            }
            Thread.sleep(5);
        }
        if (!errors.isEmpty()) {
            throw new AssertionError("a writer failed: " + errors.get(0), errors.get(0));
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop.set(true);
        for (Thread t : threads) {
            t.join(30_000);
        }
    }
}
