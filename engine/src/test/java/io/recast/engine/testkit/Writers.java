package io.recast.engine.testkit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * Concurrent writers for tests and benchmarks: each transaction applies the same change to a table
 * and to its twin (inserts, updates, deletes and key changes on an {@code id bigint} key and a
 * {@code v text} column), so that afterwards the two must be equal row for row.
 */
public final class Writers implements AutoCloseable {
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicLong transactions = new AtomicLong();
    private final List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong nextId;
    private final long maxId;
    /** Ids inserted (or moved to) by committed transactions: only these, and 1..maxId, are targets. */
    private final List<Long> committedNewIds = Collections.synchronizedList(new ArrayList<>());

    private Writers(long maxId) {
        this.maxId = maxId;
        this.nextId = new AtomicLong(maxId + 1);
    }

    /**
     * Starts {@code count} writer threads on {@code table} and {@code twin} (both qualified).
     *
     * @param maxId  ids 1..maxId exist (or existed) when the writers start; they, and ids that
     *               committed transactions of the writers inserted, are the targets of updates and
     *               deletes (some will be gone: no-ops). Never an id whose insert may still be in flight:
     *               the statement on the table could miss it and the one on the twin, later, see it.
     * @param pause  pause between a thread's transactions
     */
    public static Writers twin(DataSource ds, String table, String twin, int count, long seed, long maxId,
                               Duration pause) {
        Writers w = new Writers(maxId);
        for (int i = 0; i < count; i++) {
            Random random = new Random(seed * 31 + i);
            Thread t = new Thread(() -> w.loop(ds, table, twin, random, pause), "twin-writer-" + i);
            t.setDaemon(true);
            w.threads.add(t);
            t.start();
        }
        return w;
    }

    private void loop(DataSource ds, String table, String twin, Random random, Duration pause) {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            while (!stop.get()) {
                long id = target(random);
                int op = random.nextInt(10);
                int value = random.nextInt(1_000_000);
                long newId = op >= 4 && op <= 5 || op >= 8 ? nextId.getAndIncrement() : 0;
                try {
                    for (String t : List.of(table, twin)) {
                        apply(c, t, op, id, value, newId);
                    }
                    c.commit();
                    if (newId != 0) {
                        committedNewIds.add(newId);
                    }
                    transactions.incrementAndGet();
                } catch (SQLException e) {
                    c.rollback();
                    if (!"40P01".equals(e.getSQLState()) && !"40001".equals(e.getSQLState())) {
                        errors.add(e);
                        return;
                    }
                }
                if (!pause.isZero()) {
                    Thread.sleep(pause.toMillis());
                }
            }
        } catch (SQLException | InterruptedException e) {
            errors.add(e);
        }
    }

    private long target(Random random) {
        synchronized (committedNewIds) {
            if (!committedNewIds.isEmpty() && random.nextInt(10) < 3) {
                return committedNewIds.get(random.nextInt(committedNewIds.size()));
            }
        }
        return 1 + (long) (random.nextDouble() * maxId);
    }

    private static void apply(Connection c, String t, int op, long id, int value, long newId) throws SQLException {
        String sql;
        switch (op) {
            case 0, 1, 2, 3 -> sql = "UPDATE " + t + " SET v = ? WHERE id = ?";
            case 4, 5 -> sql = "INSERT INTO " + t + " (id, v) VALUES (?, ?)";
            case 6, 7 -> sql = "DELETE FROM " + t + " WHERE id = ?";
            default -> sql = "UPDATE " + t + " SET id = ? WHERE id = ?";
        }
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            switch (op) {
                case 0, 1, 2, 3 -> {
                    ps.setString(1, "u" + value);
                    ps.setLong(2, id);
                }
                case 4, 5 -> {
                    ps.setLong(1, newId);
                    ps.setString(2, "i" + value);
                }
                case 6, 7 -> ps.setLong(1, id);
                default -> {
                    ps.setLong(1, newId);
                    ps.setLong(2, id);
                }
            }
            ps.executeUpdate();
        }
    }

    public long transactions() {
        return transactions.get();
    }

    public List<Throwable> errors() {
        return List.copyOf(errors);
    }

    /** Waits until at least {@code n} transactions committed (or errors occurred). */
    public void awaitTransactions(long n, Duration timeout) throws InterruptedException {
        long until = System.nanoTime() + timeout.toNanos();
        while (transactions.get() < n && errors.isEmpty() && System.nanoTime() < until) {
            Thread.sleep(10);
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
