package io.recast.engine.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recast.engine.LockTimeoutException;
import io.recast.engine.RewriteListener;
import io.recast.engine.RewriteOptions;
import io.recast.engine.RewriteResult;
import io.recast.engine.Rewriter;
import io.recast.engine.cutover.BlockerPolicy;
import io.recast.engine.job.Phase;
import io.recast.engine.testkit.Db;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The guards around the cut-over, each with the condition made real: an old transaction holding a
 * lock on the table (waited for, named, or terminated/cancelled by policy), sessions queueing behind
 * the lock request (which is withdrawn), a prepared transaction, and a snapshot older than the copy.
 */
class CutoverGuardIT {

    private static void table(Db db) throws Exception {
        db.exec("CREATE TABLE t (id bigint PRIMARY KEY, v text)");
        db.fill("t", 5_000);
    }

    private static long pid(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); var rs = st.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Runs {@code atCatchUp} when the catch-up starts and {@code onWarning} on each warning. */
    private static RewriteListener listener(List<String> warnings, ThrottleIT.Step atCatchUp, ThrottleIT.Step onWarning) {
        return new RewriteListener() {
            @Override
            public void phaseStarted(String table, Phase phase) {
                if (phase == Phase.CATCH_UP) {
                    atCatchUp.run();
                }
            }

            @Override
            public void warning(String table, String message) {
                warnings.add(message);
                onWarning.run();
            }
        };
    }

    @Test
    void anOldTransactionHoldingALockIsWaitedForAndNamedNotQueuedBehind() throws Exception {
        try (Db db = new Db(); Connection blocker = db.dataSource().getConnection()) {
            table(db);
            long pid = pid(blocker);
            blocker.setAutoCommit(false);
            List<String> warnings = new CopyOnWriteArrayList<>();
            RewriteResult r = Rewriter.builder(db.dataSource()).listener(listener(warnings, () -> {
                try (Statement st = blocker.createStatement()) {
                    st.execute("SELECT count(*) FROM " + db.q("t")); // ACCESS SHARE, held, idle in transaction
                }
                Thread.sleep(100); // older than the lock timeout
            }, () -> {
                if (warnings.stream().filter(w -> w.contains("not started")).count() == 2) {
                    blocker.commit();
                }
            })).build().repack(RewriteOptions.builder(db.q("t")).lockTimeout(Duration.ofMillis(50)).maxAttempts(20)
                    .oldSnapshotWait(Duration.ZERO).build());
            assertThat(warnings).filteredOn(w -> w.contains("not started")).first().asString()
                    .contains("not started: waiting for pid " + pid).contains("idle in transaction")
                    .contains("SELECT count(*)");
            assertThat(r.cutOverAttempts()).isGreaterThan(2);
            assertThat(db.artifacts()).isEmpty();
        }
    }

    @Test
    void onBlockerTerminateEndsTheBlockingSessionAfterTheGrace() throws Exception {
        try (Db db = new Db(); Connection blocker = db.dataSource().getConnection();
             Connection bystander = db.dataSource().getConnection()) {
            table(db);
            long pid = pid(blocker);
            long bystanderPid = pid(bystander);
            blocker.setAutoCommit(false);
            bystander.setAutoCommit(false);
            List<String> warnings = new CopyOnWriteArrayList<>();
            RewriteResult r = Rewriter.builder(db.dataSource()).listener(listener(warnings, () -> {
                try (Statement st = blocker.createStatement(); Statement other = bystander.createStatement()) {
                    st.execute("SELECT count(*) FROM " + db.q("t"));
                    other.execute("SELECT 1"); // an old transaction that holds no lock on the table: not touched
                }
                Thread.sleep(100);
            }, () -> { })).build().repack(RewriteOptions.builder(db.q("t")).lockTimeout(Duration.ofMillis(50))
                    .maxAttempts(20).onBlocker(BlockerPolicy.TERMINATE, Duration.ofMillis(200))
                    .oldSnapshotWait(Duration.ZERO).build());
            assertThat(warnings).anyMatch(w -> w.startsWith("terminated pid " + pid)
                    && w.contains("after it blocked the cut-over"));
            assertThat(warnings).filteredOn(w -> w.startsWith("terminated") || w.contains("not started"))
                    .noneMatch(w -> w.contains("pid " + bystanderPid));
            assertThatThrownBy(() -> blocker.createStatement().execute("SELECT 1")).isInstanceOf(SQLException.class);
            try (Statement st = bystander.createStatement()) {
                st.execute("SELECT 1");
            }
            assertThat(r.rowsCopied()).isEqualTo(5_000);
            assertThat(db.artifacts()).isEmpty();
        }
    }

    @Test
    void onBlockerCancelStopsALongStatementButCannotEndAnIdleTransaction() throws Exception {
        try (Db db = new Db(); Connection slow = db.dataSource().getConnection()) {
            table(db);
            long pid = pid(slow);
            List<Thread> threads = new ArrayList<>();
            List<String> warnings = new CopyOnWriteArrayList<>();
            RewriteResult r = Rewriter.builder(db.dataSource()).listener(listener(warnings, () -> {
                Thread t = new Thread(() -> {
                    try (Statement st = slow.createStatement()) {
                        st.execute("SELECT pg_sleep(60) FROM " + db.q("t") + " LIMIT 1"); // holds ACCESS SHARE
                    } catch (SQLException expected) {
                        // cancelled
                    }
                });
                t.start();
                threads.add(t);
                while (db.queryLong("SELECT count(*) FROM pg_stat_activity WHERE pid = ? AND state = 'active' "
                        + "AND query LIKE 'SELECT pg_sleep(60)%'", pid) == 0) {
                    Thread.sleep(10);
                }
                Thread.sleep(100);
            }, () -> { })).build().repack(RewriteOptions.builder(db.q("t")).lockTimeout(Duration.ofMillis(50))
                    .maxAttempts(20).onBlocker(BlockerPolicy.CANCEL, Duration.ZERO).oldSnapshotWait(Duration.ZERO).build());
            threads.get(0).join(10_000);
            assertThat(threads.get(0).isAlive()).isFalse();
            assertThat(warnings).anyMatch(w -> w.startsWith("cancelled the statement of pid " + pid));
            assertThat(r.rowsCopied()).isEqualTo(5_000);
        }
    }

    @Test
    void sessionsQueueingBehindTheRequestMakeItWithdraw() throws Exception {
        try (Db db = new Db(); Connection holder = db.dataSource().getConnection()) {
            table(db);
            holder.setAutoCommit(false);
            List<Thread> readers = new ArrayList<>();
            List<String> warnings = new CopyOnWriteArrayList<>();
            RewriteListener l = listener(warnings, () -> {
                // a young transaction (the lock timeout below is long): the guard lets the request go
                try (Statement st = holder.createStatement()) {
                    st.execute("SELECT count(*) FROM " + db.q("t"));
                }
                Thread queue = new Thread(() -> {
                    try {
                        while (db.queryLong("SELECT count(*) FROM pg_locks WHERE relation = ?::regclass "
                                + "AND mode = 'AccessExclusiveLock' AND NOT granted", db.q("t")) == 0) {
                            Thread.sleep(5);
                        }
                        for (int i = 0; i < 3; i++) {
                            Thread reader = new Thread(() -> {
                                try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
                                    st.execute("SELECT count(*) FROM " + db.q("t"));
                                } catch (SQLException e) {
                                    throw new IllegalStateException(e);
                                }
                            });
                            reader.start();
                            readers.add(reader);
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                queue.start();
                readers.add(queue);
            }, () -> {
                if (warnings.get(warnings.size() - 1).contains("withdrew")) {
                    holder.commit();
                }
            });
            RewriteResult r = Rewriter.builder(db.dataSource()).listener(l).build().repack(RewriteOptions.builder(db.q("t"))
                    .lockTimeout(Duration.ofSeconds(20)).queueLimits(2, Duration.ofSeconds(10)).maxAttempts(5)
                    .oldSnapshotWait(Duration.ZERO).build());
            for (Thread t : readers) {
                t.join(10_000);
            }
            assertThat(warnings).filteredOn(w -> w.contains("withdrew")).singleElement().asString()
                    .contains("3 sessions queued behind the lock request");
            assertThat(r.cutOverAttempts()).isEqualTo(2);
            assertThat(db.artifacts()).isEmpty();
        }
    }

    @Test
    void aPreparedTransactionHoldingALockIsNamed() throws Exception {
        try (Db db = new Db(); Connection preparer = db.dataSource().getConnection()) {
            Assumptions.assumeTrue(db.queryLong("SELECT current_setting('max_prepared_transactions')::int") > 0,
                    "max_prepared_transactions is 0 on this server (scripts/pg-server.sh servers allow them)");
            table(db);
            String gid = "recast_it_" + db.schema();
            try {
                List<String> warnings = new CopyOnWriteArrayList<>();
                assertThatThrownBy(() -> Rewriter.builder(db.dataSource()).listener(listener(warnings, () -> {
                    preparer.setAutoCommit(false);
                    try (Statement st = preparer.createStatement()) {
                        st.execute("SELECT count(*) FROM " + db.q("t"));
                        st.execute("PREPARE TRANSACTION '" + gid + "'");
                    }
                    preparer.setAutoCommit(true);
                }, () -> { })).build().repack(RewriteOptions.builder(db.q("t")).lockTimeout(Duration.ofMillis(50))
                        .maxAttempts(3).oldSnapshotWait(Duration.ZERO).build()))
                        .isInstanceOf(LockTimeoutException.class).hasMessageContaining("prepared transaction '" + gid + "'")
                        .hasMessageContaining("ROLLBACK PREPARED");
            } finally {
                // else dropping the test's schema would wait for it forever
                if (db.queryLong("SELECT count(*) FROM pg_prepared_xacts WHERE gid = ?", gid) > 0) {
                    db.exec("ROLLBACK PREPARED '" + gid + "'");
                }
            }
            // its lock also kept the cleanup from dropping our trigger (disarmed meanwhile): the cleanup command does
            assertThat(Rewriter.builder(db.dataSource()).build().cleanup(db.q("t")).remaining()).isEmpty();
            assertThat(db.artifacts()).isEmpty();
        }
    }

    @Test
    void aSnapshotOlderThanTheCopyIsWaitedForThenReported() throws Exception {
        try (Db db = new Db(); Connection reader = db.dataSource().getConnection()) {
            table(db);
            db.exec("CREATE TABLE other (id int)");
            long pid = pid(reader);
            reader.setAutoCommit(false);
            reader.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            List<String> warnings = new CopyOnWriteArrayList<>();
            RewriteListener l = new RewriteListener() {
                @Override
                public void phaseStarted(String table, Phase phase) {
                    if (phase == Phase.BACKFILL) {
                        try (Statement st = reader.createStatement()) {
                            st.execute("SELECT count(*) FROM " + db.q("other")); // a snapshot, no lock on t
                        } catch (SQLException e) {
                            throw new IllegalStateException(e);
                        }
                    }
                }

                @Override
                public void warning(String table, String message) {
                    warnings.add(message);
                }
            };
            RewriteResult r = Rewriter.builder(db.dataSource()).listener(l).build().repack(RewriteOptions.builder(db.q("t"))
                    .oldSnapshotWait(Duration.ofMillis(500)).build());
            reader.commit();
            assertThat(warnings).anyMatch(w -> w.startsWith("waiting up to 500ms for pid " + pid)
                    && w.contains("snapshot older than the copy"));
            assertThat(warnings).anyMatch(w -> w.startsWith("going on although pid " + pid));
            assertThat(r.rowsCopied()).isEqualTo(5_000);
        }
    }
}
