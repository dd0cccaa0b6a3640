package io.recast.engine.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.recast.engine.Recast;
import io.recast.engine.api.Phase;
import io.recast.engine.api.RewriteListener;
import io.recast.engine.api.RewriteOptions;
import io.recast.engine.api.RewriteResult;
import io.recast.engine.testkit.Db;
import io.recast.engine.testkit.Writers;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The proof of the data path: writers change the table during the whole rewrite (updates, inserts,
 * deletes and key changes) while a twin table gets the same changes in the same transactions;
 * afterwards the rewritten table equals the twin, row for row.
 */
class ConcurrencyIT {
    private static final long ROWS = 40_000;

    @ParameterizedTest(name = "batch {0}, seed {1}")
    @CsvSource({"500, 1", "4000, 2", "25000, 3", "100000, 4"})
    void rewrittenTableEqualsTwinUnderWrites(int batch, long seed) throws Exception {
        try (Db db = new Db()) {
            createPair(db);
            RewriteResult r;
            try (Writers w = Writers.twin(db.dataSource(), db.q("t"), db.q("t_twin"), 3, seed, Duration.ofMillis(1))) {
                w.awaitTransactions(200, Duration.ofSeconds(30));
                r = Recast.builder(db.dataSource()).build().repack(db.q("t"), RewriteOptions.builder()
                        .batchRows(batch).targetBatchTime(Duration.ZERO).replayRows(700).build());
                w.awaitTransactions(w.transactions() + 200, Duration.ofSeconds(30));
                w.close();
                assertThat(w.errors()).isEmpty();
                assertThat(w.transactions()).isGreaterThan(400);
            }
            assertThat(r.rowsReplayed()).isPositive();
            assertThat(db.checksum(db.q("t"))).as(db.difference(db.q("t"), db.q("t_twin")))
                    .isEqualTo(db.checksum(db.q("t_twin")));
            assertThat(db.artifacts()).isEmpty();
        }
    }

    /**
     * A session holds a conflicting lock while the cut-over starts, so the first attempts time out
     * and roll back; writers keep going; the swap succeeds after the session lets go.
     */
    @ParameterizedTest(name = "seed {0}")
    @CsvSource({"11", "12"})
    void cutOverRetriesWhileALockIsHeld(long seed) throws Exception {
        try (Db db = new Db(); Connection holder = db.dataSource().getConnection()) {
            createPair(db);
            AtomicInteger warnings = new AtomicInteger();
            Thread release = new Thread(() -> {
                try {
                    Thread.sleep(1_500);
                    holder.commit();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, "lock-release");
            try (Writers w = Writers.twin(db.dataSource(), db.q("t"), db.q("t_twin"), 2, seed, Duration.ofMillis(2))) {
                RewriteListener listener = new RewriteListener() {
                    /** Takes ROW EXCLUSIVE before the catch-up starts, so the first cut-over attempts must fail. */
                    @Override
                    public void phaseStarted(String table, Phase phase) {
                        if (phase == Phase.CATCH_UP) {
                            try {
                                holder.setAutoCommit(false);
                                holder.createStatement().execute("LOCK TABLE " + db.q("t") + " IN ROW EXCLUSIVE MODE");
                            } catch (SQLException e) {
                                throw new IllegalStateException(e);
                            }
                            release.start();
                        }
                    }

                    @Override
                    public void warning(String table, String message) {
                        warnings.incrementAndGet();
                    }
                };
                RewriteResult r = Recast.builder(db.dataSource()).listener(listener).build()
                        .repack(db.q("t"), RewriteOptions.builder().batchRows(5_000)
                                .lockTimeout(Duration.ofMillis(50)).maxAttempts(100).build());
                w.close();
                assertThat(w.errors()).isEmpty();
                assertThat(r.cutOverAttempts()).isGreaterThan(1);
            }
            release.join();
            assertThat(warnings.get()).isPositive();
            assertThat(db.checksum(db.q("t"))).as(db.difference(db.q("t"), db.q("t_twin")))
                    .isEqualTo(db.checksum(db.q("t_twin")));
            assertThat(db.artifacts()).isEmpty();
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
