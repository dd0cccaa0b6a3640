package io.recast.engine.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recast.engine.Recast;
import io.recast.engine.api.BlockerPolicy;
import io.recast.engine.api.LockTimeoutException;
import io.recast.engine.api.Phase;
import io.recast.engine.api.RewriteListener;
import io.recast.engine.api.RewriteOptions;
import io.recast.engine.api.RewriteResult;
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
 * the lock request (which is withdrawn), a prepared transaction, a snapshot older than the copy,
 * and an anti-wraparound autovacuum (left alone unless allowed).
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
            RewriteResult r = Recast.builder(db.dataSource()).listener(listener(warnings, () -> {
                try (Statement st = blocker.createStatement()) {
                    st.execute("SELECT count(*) FROM " + db.q("t")); // ACCESS SHARE, held, idle in transaction
                }
                Thread.sleep(100); // older than the lock timeout
            }, () -> {
                if (warnings.stream().filter(w -> w.contains("not started")).count() == 2) {
                    blocker.commit();
                }
            })).build().repack(db.q("t"), RewriteOptions.builder().lockTimeout(Duration.ofMillis(50)).maxAttempts(20)
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
            RewriteResult r = Recast.builder(db.dataSource()).listener(listener(warnings, () -> {
                try (Statement st = blocker.createStatement(); Statement other = bystander.createStatement()) {
                    st.execute("SELECT count(*) FROM " + db.q("t"));
                    other.execute("SELECT 1"); // an old transaction that holds no lock on the table: not touched
                }
                Thread.sleep(100);
            }, () -> { })).build().repack(db.q("t"), RewriteOptions.builder().lockTimeout(Duration.ofMillis(50))
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
            RewriteResult r = Recast.builder(db.dataSource()).listener(listener(warnings, () -> {
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
            }, () -> { })).build().repack(db.q("t"), RewriteOptions.builder().lockTimeout(Duration.ofMillis(50))
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
            RewriteResult r = Recast.builder(db.dataSource()).listener(l).build().repack(db.q("t"), RewriteOptions.builder()
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
                assertThatThrownBy(() -> Recast.builder(db.dataSource()).listener(listener(warnings, () -> {
                    preparer.setAutoCommit(false);
                    try (Statement st = preparer.createStatement()) {
                        st.execute("SELECT count(*) FROM " + db.q("t"));
                        st.execute("PREPARE TRANSACTION '" + gid + "'");
                    }
                    preparer.setAutoCommit(true);
                }, () -> { })).build().repack(db.q("t"), RewriteOptions.builder().lockTimeout(Duration.ofMillis(50))
                        .maxAttempts(3).oldSnapshotWait(Duration.ZERO).dropTimeout(Duration.ofSeconds(1)).build()))
                        .isInstanceOf(LockTimeoutException.class).hasMessageContaining("prepared transaction '" + gid + "'")
                        .hasMessageContaining("ROLLBACK PREPARED");
            } finally {
                // else dropping the test's schema would wait for it forever
                if (db.queryLong("SELECT count(*) FROM pg_prepared_xacts WHERE gid = ?", gid) > 0) {
                    db.exec("ROLLBACK PREPARED '" + gid + "'");
                }
            }
            // its lock also kept the cleanup from dropping our trigger (disarmed meanwhile): the cleanup command does
            assertThat(Recast.builder(db.dataSource()).build().cleanup(db.q("t")).remaining()).isEmpty();
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
            RewriteResult r = Recast.builder(db.dataSource()).listener(l).build().repack(db.q("t"), RewriteOptions.builder()
                    .oldSnapshotWait(Duration.ofMillis(500)).build());
            reader.commit();
            assertThat(warnings).anyMatch(w -> w.startsWith("waiting up to 500ms for pid " + pid)
                    && w.contains("snapshot older than the copy"));
            assertThat(warnings).anyMatch(w -> w.startsWith("going on although pid " + pid));
            assertThat(r.rowsCopied()).isEqualTo(5_000);
        }
    }

    /**
     * Makes an anti-wraparound autovacuum of the table real when the catch-up starts (the trigger is
     * in place: its installation would have had to wait behind the vacuum): the table's own
     * autovacuum_freeze_max_age is the least allowed, 110,000 transaction ids are used up, and the
     * launcher is made to look every second, for up to 60 s, until the vacuum (slowed to a crawl by the table's cost
     * settings) runs; then the server's settings are put back. The vacuum's pid lands in the array.
     */
    private static long[] antiWraparoundVacuumAtCatchUp(Db db) throws Exception {
        db.exec("CREATE TABLE t (id bigint PRIMARY KEY, v text) WITH (autovacuum_freeze_max_age = 100000, "
                + "autovacuum_vacuum_cost_delay = 100, autovacuum_vacuum_cost_limit = 1)");
        db.fill("t", 50_000);
        db.exec("CREATE PROCEDURE burn(n int) LANGUAGE plpgsql AS $$ BEGIN FOR i IN 1..n LOOP "
                + "PERFORM txid_current(); COMMIT; END LOOP; END $$");
        return new long[1];
    }

    /** The table's transaction id age and what the autovacuum workers do, for the skip message. */
    private static String diagnose(Db db) {
        try {
            return "age(relfrozenxid) " + db.queryLong("SELECT age(relfrozenxid) FROM pg_class WHERE oid = ?::regclass",
                    db.q("t")) + "; autovacuum workers: " + db.queryList("SELECT coalesce(query, '') FROM pg_stat_activity "
                    + "WHERE backend_type = 'autovacuum worker'");
        } catch (Exception e) {
            return "no diagnosis: " + e.getMessage();
        }
    }

    private static void startAntiWraparoundVacuum(Db db, long[] pid) throws Exception {
        String find = "SELECT coalesce(max(pid), 0) FROM pg_stat_activity WHERE backend_type = 'autovacuum worker' "
                + "AND query LIKE '%" + db.schema() + ".t (to prevent wraparound)%'";
        try {
            // (a server may run with autovacuum off, as this machine's CI server does: then only a database's
            // own wraparound age would start one)
            db.exec("ALTER SYSTEM SET autovacuum = on");
            db.exec("ALTER SYSTEM SET autovacuum_naptime = '1s'");
            db.exec("SELECT pg_reload_conf()");
            db.exec("SET synchronous_commit = off");
            db.exec("CALL " + db.q("burn") + "(110000)");
            for (int i = 0; i < 1_200 && pid[0] == 0; i++) {
                pid[0] = db.queryLong(find);
                Thread.sleep(50);
            }
        } finally {
            db.exec("ALTER SYSTEM RESET autovacuum_naptime");
            db.exec("ALTER SYSTEM RESET autovacuum");
            db.exec("SELECT pg_reload_conf()");
        }
        // asserted after the run: an assertion here would kill the job and leave its artifacts behind
        Thread.sleep(100); // older than the lock timeout
    }

    @Test
    void anAntiWraparoundAutovacuumIsLeftAloneUnlessAllowed() throws Exception {
        try (Db db = new Db()) {
            long[] vacuum = antiWraparoundVacuumAtCatchUp(db);
            List<String> warnings = new CopyOnWriteArrayList<>();
            List<Boolean> aliveWhenLeftAlone = new CopyOnWriteArrayList<>();
            RewriteResult r = Recast.builder(db.dataSource()).listener(listener(warnings,
                    () -> startAntiWraparoundVacuum(db, vacuum), () -> {
                        if (warnings.get(warnings.size() - 1).contains("is an anti-wraparound autovacuum; it is left alone")) {
                            // the policy acted on it (grace 0) and left it running: the test ends it
                            aliveWhenLeftAlone.add(db.queryLong("SELECT count(*) FROM pg_stat_activity WHERE pid = ? "
                                    + "AND query LIKE '%(to prevent wraparound)%'", vacuum[0]) == 1);
                            db.exec("SELECT pg_cancel_backend(" + vacuum[0] + ")");
                        }
                    })).build().repack(db.q("t"), RewriteOptions.builder().lockTimeout(Duration.ofMillis(50))
                    .maxAttempts(50).onBlocker(BlockerPolicy.CANCEL, Duration.ZERO).oldSnapshotWait(Duration.ZERO).build());
            // the server decides when its launcher starts the vacuum: twice in this project's CI, on 13, it
            // started none within the wait; then the guard's case cannot be shown, and the test says why
            org.junit.jupiter.api.Assumptions.assumeTrue(vacuum[0] > 0, () -> "no anti-wraparound autovacuum of the "
                    + "table started within 60 s (" + diagnose(db) + ")");
            assertThat(warnings).anyMatch(w -> w.contains("not started: waiting for pid " + vacuum[0])
                    && w.contains("to prevent wraparound"));
            assertThat(warnings).filteredOn(w -> w.startsWith("pid " + vacuum[0] + " is an anti-wraparound autovacuum"))
                    .hasSize(1);
            assertThat(aliveWhenLeftAlone).containsExactly(true);
            assertThat(warnings).noneMatch(w -> w.startsWith("cancelled") || w.startsWith("terminated"));
            assertThat(r.rowsCopied()).isEqualTo(50_000);
            assertThat(db.artifacts()).isEmpty();
        }
    }

    @Test
    void killAutovacuumLetsTheCancelPolicyEndAnAntiWraparoundAutovacuum() throws Exception {
        try (Db db = new Db()) {
            long[] vacuum = antiWraparoundVacuumAtCatchUp(db);
            List<String> warnings = new CopyOnWriteArrayList<>();
            RewriteResult r = Recast.builder(db.dataSource()).listener(listener(warnings,
                    () -> startAntiWraparoundVacuum(db, vacuum), () -> { })).build()
                    .repack(db.q("t"), RewriteOptions.builder().lockTimeout(Duration.ofMillis(50)).maxAttempts(50)
                            .onBlocker(BlockerPolicy.CANCEL, Duration.ZERO).killAutovacuum(true)
                            .oldSnapshotWait(Duration.ZERO).build());
            // the server decides when its launcher starts the vacuum: twice in this project's CI, on 13, it
            // started none within the wait; then the guard's case cannot be shown, and the test says why
            org.junit.jupiter.api.Assumptions.assumeTrue(vacuum[0] > 0, () -> "no anti-wraparound autovacuum of the "
                    + "table started within 60 s (" + diagnose(db) + ")");
            assertThat(warnings).anyMatch(w -> w.startsWith("cancelled the statement of pid " + vacuum[0]));
            assertThat(warnings).noneMatch(w -> w.contains("it is left alone"));
            assertThat(r.rowsCopied()).isEqualTo(50_000);
            assertThat(db.artifacts()).isEmpty();
        }
    }
}
