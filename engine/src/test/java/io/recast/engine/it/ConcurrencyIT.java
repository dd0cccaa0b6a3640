package io.recast.engine.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.recast.engine.Recast;
import io.recast.engine.api.CopyMethod;
import io.recast.engine.api.CopyOrder;
import io.recast.engine.api.Phase;
import io.recast.engine.api.RewriteListener;
import io.recast.engine.api.RewriteOptions;
import io.recast.engine.api.RewriteResult;
import io.recast.engine.testkit.Db;
import io.recast.engine.testkit.EnabledForServerVersion;
import io.recast.engine.testkit.FirstStepOnly;
import io.recast.engine.testkit.PhaseLoad;
import io.recast.engine.testkit.Writers;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The proof of the data path: writers change the table during the whole rewrite (updates, inserts,
 * deletes and key changes) while a twin table gets the same changes in the same transactions, with
 * commits required in every phase (between the copy's batches, during the index builds, the catch-up
 * and the cut-over before its swap); afterwards the rewritten table equals the twin, row for row.
 */
class ConcurrencyIT {
    private static final long ROWS = 40_000;
    /** Commits the run waits for at the start of each phase. */
    private static final int PER_PHASE = 20;
    private static final Duration LOCK_TIMEOUT = Duration.ofMillis(100);

    @ParameterizedTest(name = "batch {0}, seed {1}, {2} order, {3}")
    @CsvSource({"500, 1, PHYSICAL, COPY", "500, 5, KEY, COPY", "4000, 2, PHYSICAL, INSERT", "25000, 3, KEY, COPY",
            "100000, 4, PHYSICAL, COPY"})
    void rewrittenTableEqualsTwinUnderWrites(int batch, long seed, CopyOrder order, CopyMethod method) throws Exception {
        try (Db db = new Db()) {
            createPair(db);
            RewriteResult r;
            try (Writers w = Writers.twin(db.dataSource(), db.q("t"), db.q("t_twin"), 3, seed, Duration.ofMillis(1))) {
                w.awaitTransactions(200, Duration.ofSeconds(30));
                PhaseLoad load = new PhaseLoad(w, PER_PHASE, Duration.ofSeconds(30));
                r = Recast.builder(db.dataSource()).listener(load).build().repack(db.q("t"), RewriteOptions.builder()
                        .batchRows(batch).targetBatchTime(Duration.ZERO).replayRows(700).copyOrder(order).copyMethod(method)
                        .build());
                w.awaitTransactions(w.transactions() + 200, Duration.ofSeconds(30));
                w.close();
                assertThat(w.errors()).isEmpty();
                assertThat(w.transactions()).isGreaterThan(400);
                load.assertLoaded();
            }
            assertThat(r.rowsReplayed()).isPositive();
            assertThat(db.checksum(db.q("t"))).as(db.difference(db.q("t"), db.q("t_twin")))
                    .isEqualTo(db.checksum(db.q("t_twin")));
            assertThat(db.artifacts()).isEmpty();
        }
    }

    /**
     * The COPY method reads each batch in a second session ("recast: copy reader") and falls back to
     * INSERT ... SELECT where binary COPY cannot carry a column: a type without binary input and output
     * (aclitem), found in the catalog before the copy, or one inside a composite, found by the first
     * batch's error (that batch is then copied again), and says so. Under twin writers, each way.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"plain, COPY, true", "plain, INSERT, false", "an aclitem column, COPY, false",
            "a composite with an aclitem field, COPY, false"})
    @EnabledForServerVersion(min = 140000, value = "TID range scans (the physical copy)")
    void theCopyMethodReadsInASecondSessionOrFallsBack(String shape, CopyMethod method, boolean reader)
            throws Exception {
        try (Db db = new Db()) {
            createPair(db);
            if (shape.equals("a composite with an aclitem field")) {
                db.exec("CREATE TYPE " + db.q("grant_pair") + " AS (g aclitem, n int)");
            }
            for (String t : List.of(db.q("t"), db.q("t_twin"))) {
                switch (shape) {
                    case "an aclitem column" -> db.exec("ALTER TABLE " + t
                            + " ADD COLUMN g aclitem NOT NULL DEFAULT 'postgres=r/postgres'");
                    case "a composite with an aclitem field" -> db.exec("ALTER TABLE " + t + " ADD COLUMN g "
                            + db.q("grant_pair") + " NOT NULL DEFAULT ROW('postgres=r/postgres', 1)::" + db.q("grant_pair"));
                    default -> { }
                }
            }
            AtomicInteger readers = new AtomicInteger();
            List<String> warnings = new CopyOnWriteArrayList<>();
            RewriteListener watch = new RewriteListener() {
                @Override
                public void warning(String table, String message) {
                    warnings.add(message);
                }

                @Override
                public void batchCopied(String table, long rows, Duration took) {
                    try {
                        readers.accumulateAndGet((int) db.queryLong("SELECT count(*) FROM pg_stat_activity "
                                + "WHERE application_name = 'recast: copy reader'"), Math::max);
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                }
            };
            try (Writers w = Writers.twin(db.dataSource(), db.q("t"), db.q("t_twin"), 2, 11, Duration.ofMillis(1))) {
                w.awaitTransactions(100, Duration.ofSeconds(30));
                Recast.builder(db.dataSource()).listener(watch).build().repack(db.q("t"), RewriteOptions.builder()
                        .batchRows(3_000).targetBatchTime(Duration.ZERO).copyMethod(method).build());
                w.awaitTransactions(w.transactions() + 100, Duration.ofSeconds(30));
                w.close();
                assertThat(w.errors()).isEmpty();
            }
            assertThat(readers.get() > 0).as("a copy reader session during the backfill").isEqualTo(reader);
            assertThat(warnings.stream().anyMatch(m -> m.contains("with INSERT ... SELECT instead of COPY")))
                    .as("told that COPY falls back: %s", warnings).isEqualTo(method == CopyMethod.COPY && !reader);
            assertThat(db.checksum(db.q("t"))).as(db.difference(db.q("t"), db.q("t_twin")))
                    .isEqualTo(db.checksum(db.q("t_twin")));
            assertThat(db.artifacts()).isEmpty();
        }
    }

    /**
     * The physical copy reads the table by where its rows lie: a VACUUM FULL between two of its batches
     * moves every row (without a write the change log would see), so the copy starts again from the
     * first block of the new file, the shadow emptied; the result still equals the twin.
     */
    @Test
    @EnabledForServerVersion(min = 140000, value = "TID range scans (the physical copy)")
    void aRewriteOfTheTableDuringThePhysicalCopyStartsItAgain() throws Exception {
        try (Db db = new Db()) {
            createPair(db);
            AtomicInteger batches = new AtomicInteger();
            RewriteListener vacuumFull = new RewriteListener() {
                @Override
                public void batchCopied(String table, long rows, Duration took) {
                    if (batches.incrementAndGet() == 3) {
                        try {
                            db.exec("VACUUM FULL " + db.q("t"));
                        } catch (SQLException e) {
                            throw new IllegalStateException(e);
                        }
                    }
                }
            };
            RewriteResult r;
            try (Writers w = Writers.twin(db.dataSource(), db.q("t"), db.q("t_twin"), 2, 6, Duration.ofMillis(1))) {
                w.awaitTransactions(100, Duration.ofSeconds(30));
                r = Recast.builder(db.dataSource()).listener(vacuumFull).build().repack(db.q("t"), RewriteOptions.builder()
                        .batchRows(2_000).targetBatchTime(Duration.ZERO).build());
                w.awaitTransactions(w.transactions() + 100, Duration.ofSeconds(30));
                w.close();
                assertThat(w.errors()).isEmpty();
            }
            assertThat(batches.get()).isGreaterThan(3);
            assertThat(r.rowsCopied()).as("the rows of the first batches were copied twice, before and after")
                    .isGreaterThan(db.queryLong("SELECT count(*) FROM " + db.q("t")));
            assertThat(db.checksum(db.q("t"))).as(db.difference(db.q("t"), db.q("t_twin")))
                    .isEqualTo(db.checksum(db.q("t_twin")));
            assertThat(db.artifacts()).isEmpty();
        }
    }

    /**
     * A session takes a conflicting lock on the table over and over, each time for longer than the
     * cut-over's lock timeout, so that an attempt made while the session's transaction is young
     * (the guard does not wait for it) asks for the lock, times out and rolls back; writers keep
     * going; once attempts have timed out the session stops, and the swap succeeds.
     */
    @FirstStepOnly("the cut-over's retries are the run's own; the swap's SQL runs under writes on every major above")
    @ParameterizedTest(name = "seed {0}")
    @CsvSource({"11"})
    void cutOverRetriesWhileALockIsHeld(long seed) throws Exception {
        try (Db db = new Db()) {
            createPair(db);
            List<String> warnings = new CopyOnWriteArrayList<>();
            List<Duration> timedOut = new CopyOnWriteArrayList<>();
            AtomicBoolean pulsing = new AtomicBoolean(true);
            Thread holder = new Thread(() -> pulse(db, pulsing), "lock-pulse");
            RewriteResult r;
            Map<Phase, Long> committed;
            try (Writers w = Writers.twin(db.dataSource(), db.q("t"), db.q("t_twin"), 2, seed, Duration.ofMillis(2))) {
                PhaseLoad load = new PhaseLoad(w, PER_PHASE, Duration.ofSeconds(30));
                RewriteListener listener = new RewriteListener() {
                    @Override
                    public void phaseStarted(String table, Phase phase) {
                        load.phaseStarted(table, phase);
                        if (phase == Phase.CATCH_UP) {
                            holder.start();
                        }
                    }

                    @Override
                    public void warning(String table, String message) {
                        warnings.add(message);
                    }

                    @Override
                    public void cutOverAttempt(String table, int attempt, boolean succeeded, Duration lockWait,
                                               Duration lockHold) {
                        if (!succeeded && lockHold == null && lockWait.compareTo(LOCK_TIMEOUT) >= 0) {
                            timedOut.add(lockWait);
                            if (timedOut.size() >= 2) {
                                pulsing.set(false);
                            }
                        }
                    }
                };
                r = Recast.builder(db.dataSource()).listener(listener).build().repack(db.q("t"), RewriteOptions
                        .builder().batchRows(5_000).lockTimeout(LOCK_TIMEOUT).maxAttempts(200)
                        .queueLimits(50, Duration.ofSeconds(10)).build());
                pulsing.set(false);
                w.close();
                assertThat(w.errors()).isEmpty();
                assertThat(load.failures()).isEmpty();
                committed = load.committedByPhase();
            }
            holder.join(10_000);
            assertThat(timedOut).as("attempts whose lock request timed out and rolled back").hasSizeGreaterThanOrEqualTo(2);
            assertThat(r.cutOverAttempts()).isGreaterThan(2);
            assertThat(warnings).anyMatch(m -> m.contains("rolled back") && m.contains("lock not granted within "
                    + LOCK_TIMEOUT.toMillis() + "ms"));
            assertThat(committed.get(Phase.CUT_OVER)).as("commits during the cut-over " + committed)
                    .isGreaterThanOrEqualTo((long) PER_PHASE);
            assertThat(db.checksum(db.q("t"))).as(db.difference(db.q("t"), db.q("t_twin")))
                    .isEqualTo(db.checksum(db.q("t_twin")));
            assertThat(db.artifacts()).isEmpty();
        }
    }

    /** ROW EXCLUSIVE on the table, 4 lock timeouts long, again and again, until told to stop. */
    private static void pulse(Db db, AtomicBoolean pulsing) {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            while (pulsing.get()) {
                s.execute("LOCK TABLE " + db.q("t") + " IN ROW EXCLUSIVE MODE");
                Thread.sleep(LOCK_TIMEOUT.toMillis() * 4);
                c.commit();
            }
        } catch (SQLException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    static void createPair(Db db) throws Exception {
        for (String t : new String[] {"t", "t_twin"}) {
            db.exec("CREATE TABLE " + t + " (id bigint PRIMARY KEY, v text NOT NULL, n int DEFAULT 7, "
                    + "created timestamptz NOT NULL DEFAULT '2020-01-01')");
            db.fill(t, ROWS);
        }
        db.exec("DELETE FROM t WHERE id % 3 = 0");
        db.exec("DELETE FROM t_twin WHERE id % 3 = 0");
        db.exec("CREATE INDEX ON t (v)");
    }
}
