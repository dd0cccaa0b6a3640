package io.recast.engine.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recast.engine.Recast;
import io.recast.engine.api.CopyOrder;
import io.recast.engine.api.AbortedException;
import io.recast.engine.api.InvalidOptionsException;
import io.recast.engine.api.Phase;
import io.recast.engine.api.RewriteListener;
import io.recast.engine.api.RewriteOptions;
import io.recast.engine.api.RewriteResult;
import io.recast.engine.api.Signal;
import io.recast.engine.api.ThrottleRule;
import io.recast.engine.testkit.Db;
import io.recast.engine.testkit.EnabledForServerVersion;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Each throttle signal made real: the run waits while the condition holds (the listener hears why
 * and then lifts the condition), or stops cleanly above a critical threshold; and the batch size
 * adapts to the target batch time.
 */
class ThrottleIT {
    private static final int ROWS = 30_000;

    private static RewriteOptions.Builder options(Db db) {
        return RewriteOptions.builder().batchRows(1_000).targetBatchTime(Duration.ZERO)
                .throttleInterval(Duration.ofMillis(50));
    }

    private static void table(Db db) throws Exception {
        db.exec("CREATE TABLE t (id bigint PRIMARY KEY, v text)");
        db.fill("t", ROWS);
    }

    /** Calls {@code start} once the backfill starts, {@code lift} on the first pause, and records the reasons. */
    private static final class Probe implements RewriteListener {
        final List<String> reasons = new CopyOnWriteArrayList<>();
        private final Step start;
        private final Step lift;

        Probe(Step start, Step lift) {
            this.start = start;
            this.lift = lift;
        }

        @Override
        public void phaseStarted(String table, Phase phase) {
            if (phase == Phase.BACKFILL) {
                start.run();
            }
        }

        @Override
        public void throttled(String table, String reason) {
            if (reason != null) {
                reasons.add(reason);
                if (reasons.size() == 1) {
                    lift.run();
                }
            }
        }
    }

    public interface Step {
        void run0() throws Exception;

        default void run() {
            try {
                run0();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
    }

    @Test
    void waitsWhileSessionsWaitForALockOnTheTable() throws Exception {
        try (Db db = new Db(); Connection holder = db.dataSource().getConnection();
             Connection waiter = db.dataSource().getConnection()) {
            table(db);
            holder.setAutoCommit(false);
            List<Thread> threads = new ArrayList<>();
            Probe probe = new Probe(() -> {
                try (Statement st = holder.createStatement()) {
                    st.execute("LOCK TABLE " + db.q("t") + " IN SHARE MODE"); // reads go on, writes wait
                }
                Thread t = new Thread(() -> {
                    try (Statement st = waiter.createStatement()) {
                        st.execute("UPDATE " + db.q("t") + " SET v = 'waited' WHERE id = 1");
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                t.start();
                threads.add(t);
                while (db.queryLong("SELECT count(*) FROM pg_locks WHERE relation = ?::regclass AND NOT granted",
                        db.q("t")) == 0) {
                    Thread.sleep(10);
                }
            }, holder::commit);
            RewriteResult r = Recast.builder(db.dataSource()).listener(probe).build()
                    .repack(db.q("t"), options(db).throttleRules(List.of(ThrottleRule.pause(Signal.LOCK_WAITERS, 0))).build());
            threads.get(0).join(10_000);
            assertThat(probe.reasons).first().asString()
                    .isEqualTo("sessions waiting for a lock on the table 1 > 0");
            assertThat(r.rowsCopied()).isEqualTo(ROWS);
            assertThat(db.queryString("SELECT v FROM " + db.q("t") + " WHERE id = 1")).isEqualTo("waited");
            assertThat(db.artifacts()).isEmpty();
        }
    }

    @Test
    void waitsWhileTooManySessionsAreActive() throws Exception {
        try (Db db = new Db()) {
            table(db);
            List<Connection> sleepers = new ArrayList<>();
            List<Thread> threads = new ArrayList<>();
            long baseline = db.queryLong("SELECT count(*) FROM pg_stat_activity WHERE state = 'active' "
                    + "AND backend_type = 'client backend' AND pid <> pg_backend_pid()");
            try {
                Probe probe = new Probe(() -> {
                    for (int i = 0; i < 3; i++) {
                        Connection c = db.dataSource().getConnection();
                        sleepers.add(c);
                        Thread t = new Thread(() -> {
                            try (Statement st = c.createStatement()) {
                                st.execute("SELECT pg_sleep(60)");
                            } catch (Exception expected) {
                                // cancelled by the test
                            }
                        });
                        t.start();
                        threads.add(t);
                    }
                    while (db.queryLong("SELECT count(*) FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(60)' "
                            + "AND state = 'active'") < 3) {
                        Thread.sleep(10);
                    }
                }, () -> db.exec("SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(60)'"));
                RewriteResult r = Recast.builder(db.dataSource()).listener(probe).build().repack(db.q("t"), options(db)
                        .throttleRules(List.of(ThrottleRule.pause(Signal.ACTIVE_SESSIONS, baseline + 2))).build());
                assertThat(probe.reasons).first().asString().startsWith("active sessions ")
                        .endsWith(" > " + (baseline + 2));
                assertThat(r.rowsCopied()).isEqualTo(ROWS);
            } finally {
                db.exec("SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(60)'");
                for (Thread t : threads) {
                    t.join(10_000);
                }
                for (Connection c : sleepers) {
                    c.close();
                }
            }
        }
    }

    @Test
    void waitsWhileTheUserQuerySaysSoAndStopsAboveItsCriticalValue() throws Exception {
        try (Db db = new Db()) {
            table(db);
            db.exec("CREATE TABLE flag (v int)");
            db.exec("INSERT INTO flag VALUES (0)");
            String query = "SELECT v FROM " + db.q("flag");
            Probe probe = new Probe(() -> db.exec("UPDATE " + db.q("flag") + " SET v = 1"),
                    () -> db.exec("UPDATE " + db.q("flag") + " SET v = 0"));
            RewriteResult r = Recast.builder(db.dataSource()).listener(probe).build().repack(db.q("t"), options(db)
                    .throttleQuery(query).throttleRules(List.of(new ThrottleRule(Signal.QUERY, 0, 5))).build());
            assertThat(probe.reasons).containsExactly("throttle query 1 > 0");
            assertThat(r.rowsCopied()).isEqualTo(ROWS);

            long filenode = db.relfilenode(db.q("t"));
            String rows = db.checksum(db.q("t"));
            Probe critical = new Probe(() -> db.exec("UPDATE " + db.q("flag") + " SET v = 10"), () -> { });
            assertThatThrownBy(() -> Recast.builder(db.dataSource()).listener(critical).build().repack(db.q("t"), options(db)
                    .throttleQuery(query).throttleRules(List.of(new ThrottleRule(Signal.QUERY, 0, 5))).build()))
                    .isInstanceOf(AbortedException.class)
                    .hasMessageContaining("throttle query 10 is above its critical threshold 5");
            assertThat(db.relfilenode(db.q("t"))).isEqualTo(filenode);
            assertThat(db.checksum(db.q("t"))).isEqualTo(rows);
            assertThat(db.artifacts()).isEmpty();
        }
    }

    @Test
    void aFailingThrottleQueryRefusesTheRunBeforeItStarts() throws Exception {
        try (Db db = new Db()) {
            table(db);
            assertThatThrownBy(() -> Recast.builder(db.dataSource()).build().repack(db.q("t"), options(db)
                    .throttleQuery("SELECT no_such_column FROM " + db.q("t"))
                    .throttleRules(List.of(ThrottleRule.pause(Signal.QUERY, 0))).build()))
                    .isInstanceOf(InvalidOptionsException.class)
                    .hasMessageContaining("the throttle query failed").hasMessageContaining("no_such_column");
            assertThat(db.artifacts()).isEmpty();
        }
    }

    @Test
    void waitsWhileAReplicationSlotHoldsBackWal() throws Exception {
        String slot = "recast_it_slot_" + ProcessHandle.current().pid();
        try (Db db = new Db()) {
            table(db);
            db.exec("CREATE TABLE filler (b text)");
            try {
                Probe probe = new Probe(() -> {
                    db.exec("SELECT pg_create_physical_replication_slot('" + slot + "', true)");
                    db.exec("INSERT INTO " + db.q("filler") + " SELECT repeat('x', 1000) FROM generate_series(1, 3000)");
                }, () -> db.exec("SELECT pg_drop_replication_slot('" + slot + "')"));
                RewriteResult r = Recast.builder(db.dataSource()).listener(probe).build().repack(db.q("t"), options(db)
                        .throttleRules(List.of(ThrottleRule.pause(Signal.SLOT_LAG, 1_000_000))).build());
                assertThat(probe.reasons).first().asString().startsWith("replication slot lag ")
                        .endsWith(" > 1000000 bytes");
                assertThat(r.rowsCopied()).isEqualTo(ROWS);
            } finally {
                db.exec("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = '" + slot + "'");
            }
        }
    }

    @Test
    void stopsWhenTheBacklogPassesItsCriticalThreshold() throws Exception {
        try (Db db = new Db()) {
            table(db);
            long filenode = db.relfilenode(db.q("t"));
            Probe probe = new Probe(() -> db.exec("UPDATE " + db.q("t") + " SET v = 'changed' WHERE id <= 50"), () -> { });
            assertThatThrownBy(() -> Recast.builder(db.dataSource()).listener(probe).build().repack(db.q("t"), options(db)
                    .throttleRules(List.of(ThrottleRule.abort(Signal.BACKLOG, 10))).build()))
                    .isInstanceOf(AbortedException.class).hasMessageContaining("change-log backlog");
            assertThat(db.relfilenode(db.q("t"))).isEqualTo(filenode);
            assertThat(db.queryLong("SELECT count(*) FROM " + db.q("t") + " WHERE v = 'changed'")).isEqualTo(50);
            assertThat(db.artifacts()).isEmpty();
        }
    }

    /** A listener that adds the rows of each backfill batch to {@code sizes}. */
    private static RewriteListener batchSizesInto(List<Long> sizes) {
        return new RewriteListener() {
            @Override
            public void batchCopied(String table, long rows, Duration took) {
                sizes.add(rows);
            }
        };
    }

    @Test
    void theBatchSizeAdaptsToTheTargetTime() throws Exception {
        try (Db db = new Db()) {
            table(db);
            List<Long> sizes = new CopyOnWriteArrayList<>();
            RewriteListener sizesSeen = batchSizesInto(sizes);
            Recast.builder(db.dataSource()).listener(sizesSeen).build().repack(db.q("t"), RewriteOptions.builder()
                    .batchRows(500).targetBatchTime(Duration.ofMillis(200)).batchRowsBounds(100, 8_000)
                    .copyOrder(CopyOrder.KEY).build());
            assertThat(sizes.get(0)).isEqualTo(500);
            assertThat(sizes.subList(0, sizes.size() - 1)).as("grows from 500 towards the target, up to the ceiling")
                    .contains(1_000L).allMatch(n -> n <= 8_000);
            assertThat(sizes.stream().mapToLong(Long::longValue).sum()).isEqualTo(ROWS);
        }
    }

    /** The physical copy sizes its block ranges from the table's rows per block, then adapts them the same way. */
    @Test
    @EnabledForServerVersion(min = 140000, value = "TID range scans (the physical copy)")
    void theBlockRangesAdaptToTheTargetTime() throws Exception {
        try (Db db = new Db()) {
            table(db);
            db.exec("ANALYZE " + db.q("t"));
            List<Long> sizes = new CopyOnWriteArrayList<>();
            RewriteListener sizesSeen = batchSizesInto(sizes);
            Recast.builder(db.dataSource()).listener(sizesSeen).build().repack(db.q("t"), RewriteOptions.builder()
                    .batchRows(500).targetBatchTime(Duration.ofMillis(200)).batchRowsBounds(100, 8_000).build());
            assertThat(sizes.get(0)).as("the blocks of about 500 rows").isBetween(400L, 600L);
            assertThat(sizes.subList(0, sizes.size() - 1)).as("grows towards the target, up to about the ceiling")
                    .anyMatch(n -> n >= 1_000).allMatch(n -> n <= 8_000 * 1.2);
            assertThat(sizes.stream().mapToLong(Long::longValue).sum()).isEqualTo(ROWS);
        }
    }
}
