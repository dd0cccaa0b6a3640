package io.recast.engine.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.recast.engine.Recast;
import io.recast.engine.api.Phase;
import io.recast.engine.api.RewriteException;
import io.recast.engine.api.RewriteListener;
import io.recast.engine.api.RewriteOptions;
import io.recast.engine.api.RewriteResult;
import io.recast.engine.testkit.Db;
import io.recast.engine.testkit.FirstStepOnly;
import io.recast.engine.testkit.Writers;
import java.io.File;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fault matrix of issue 13: in each phase, one of recast's sessions is terminated, or the
 * server crashes and restarts ({@code pg_ctl restart -m immediate}), while writers change the table
 * and its twin in the same transactions. The run rides it out by itself (it reconnects and goes on
 * from what was committed), and the table equals its twin with nothing of ours left.
 *
 * <p>How each fault meets its phase: in the backfill and the catch-up, from the listener on the run's
 * own thread (the session is gone when the run next uses it); in the index builds and the swap, from
 * an event trigger in the worker's or the cut-over's session, at its second CREATE INDEX or its first
 * DDL under the exclusive lock: the session terminates itself there, or sleeps while the test
 * restarts the server. Restarts need a server the test may crash, apart from the one the other tests
 * use (a crash resets its statistics and drops its standby for a while): {@code RECAST_TEST_CRASH_URL}
 * and {@code RECAST_TEST_RESTART}, the command that crashes and restarts it (scripts/test.sh starts
 * one per major, {@code PG_SERVER_NAME=crash scripts/pg-server.sh}); without them they are skipped.
 */
class FaultIT {
    private static final String RESTART = System.getenv("RECAST_TEST_RESTART");
    /** The server {@link #RESTART} crashes: a cluster of its own, never the one the other tests use. */
    private static final String CRASH_URL = System.getenv("RECAST_TEST_CRASH_URL");

    /** The server the restart tests crash, as a data source. */
    static javax.sql.DataSource crashServer() {
        org.postgresql.ds.PGSimpleDataSource ds = new org.postgresql.ds.PGSimpleDataSource();
        ds.setUrl(CRASH_URL);
        ds.setUser(System.getenv().getOrDefault("RECAST_TEST_USER", "postgres"));
        ds.setPassword(System.getenv("RECAST_TEST_PASSWORD"));
        return ds;
    }

    /** Whether a server the tests may crash is given (scripts/test.sh gives one per major). */
    static boolean crashServerGiven() {
        return RESTART != null && !RESTART.isBlank() && CRASH_URL != null && !CRASH_URL.isBlank();
    }
    private static final int ROWS = 20_000;

    /** A run slow enough (about 4 s of backfill) for a fault to meet it mid-way. */
    private static RewriteOptions options() {
        return RewriteOptions.builder().batchRows(1_000).targetBatchTime(Duration.ZERO).maxRowsPerSecond(5_000)
                .reconnectTimeout(Duration.ofSeconds(60)).oldSnapshotWait(Duration.ZERO).build();
    }

    private static void createPair(Db db) throws SQLException {
        for (String t : new String[] {"t", "t_twin"}) {
            db.exec("CREATE TABLE " + t + " (id bigint PRIMARY KEY, v text NOT NULL, n int DEFAULT 7)");
            db.fill(t, ROWS);
            db.exec("DELETE FROM " + t + " WHERE id % 3 = 0");
        }
        db.exec("CREATE INDEX ON t (v)");
    }

    @FirstStepOnly("replacing a terminated session is the run's own; the restarts below run on every major")
    @ParameterizedTest(name = "{0}: terminate the {1} session")
    @CsvSource({"backfill, worker", "backfill, lock", "backfill, monitor", "index, worker", "catch-up, worker",
            "catch-up, lock", "cut-over, cut-over"})
    void aTerminatedSessionIsReplacedAndTheRunGoesOn(String phase, String session) throws Exception {
        run(phase, "terminate", session);
    }

    @ParameterizedTest(name = "{0}: the server restarts")
    @ValueSource(strings = {"backfill", "index", "catch-up", "cut-over"})
    void aServerRestartIsRiddenOut(String phase) throws Exception {
        assumeTrue(crashServerGiven(), "RECAST_TEST_CRASH_URL and RECAST_TEST_RESTART are not set: no server this "
                + "test may crash (scripts/test.sh starts one)");
        run(phase, "restart", phase.equals("cut-over") ? "cut-over" : "worker");
    }

    /**
     * With a FOR ALL TABLES publication the copy, the change log and the job table are unlogged, and a
     * crash empties them: the job row, gone with them, is the proof. The run reconnects, finds its
     * job gone from the unlogged job table, removes what is left and starts again; the table ends equal
     * to its twin. A crash after the swap's commit (when the clean-up starts) leaves the new table under
     * the table's name: the run sees that, and only cleans up.
     */
    @ParameterizedTest(name = "crash {0}")
    @ValueSource(strings = {"during the copy", "after the swap"})
    void aCrashThatEmptiesTheUnloggedCopyStartsTheRunAgain(String when) throws Exception {
        assumeTrue(crashServerGiven(), "RECAST_TEST_CRASH_URL and RECAST_TEST_RESTART are not set: no server this "
                + "test may crash (scripts/test.sh starts one)");
        try (Db db = new Db(crashServer())) {
            createPair(db);
            String publication = "all_" + db.schema();
            db.exec("CREATE PUBLICATION " + publication + " FOR ALL TABLES");
            List<String> warnings = new CopyOnWriteArrayList<>();
            AtomicBoolean fired = new AtomicBoolean();
            try (Writers w = Writers.twin(db.dataSource(), db.q("t"), db.q("t_twin"), 2, 17, Duration.ofMillis(2))
                    .surviveLostSessions()) {
                w.awaitTransactions(100, Duration.ofSeconds(30));
                RewriteListener listener = new RewriteListener() {
                    private int batches;

                    @Override
                    public void batchCopied(String table, long rows, Duration took) {
                        if (when.equals("during the copy") && ++batches == 3 && fired.compareAndSet(false, true)) {
                            restart();
                        }
                    }

                    @Override
                    public void phaseStarted(String table, Phase phase) {
                        if (when.equals("after the swap") && phase == Phase.CLEANUP && fired.compareAndSet(false, true)) {
                            restart();
                        }
                    }

                    @Override
                    public void warning(String table, String message) {
                        warnings.add(message);
                    }
                };
                try {
                    Recast.builder(db.dataSource()).listener(listener).build().repack(db.q("t"), options());
                } catch (RewriteException e) {
                    throw new AssertionError("the run failed; its warnings: " + warnings, e);
                }
                assertThat(fired).isTrue();
                assertThat(warnings).as("it found its unlogged job gone and started again, or cleaned up after the swap")
                        .anyMatch(m -> m.contains("empties unlogged tables") && m.contains(when.equals("during the copy")
                                ? "starting again" : "after the swap had committed: only the clean-up is left"));
                db.reconnect();
                w.awaitTransactions(w.transactions() + 100, Duration.ofSeconds(60));
                w.close();
                assertThat(w.errors()).isEmpty();
                assertThat(w.lostSessions()).as("the server did restart").isPositive();
            } finally {
                db.reconnect();
                db.exec("DROP PUBLICATION IF EXISTS " + publication);
            }
            assertThat(db.checksum(db.q("t"))).as(db.difference(db.q("t"), db.q("t_twin")))
                    .isEqualTo(db.checksum(db.q("t_twin")));
            assertThat(db.artifacts()).isEmpty();
            assertThat(Recast.builder(db.dataSource()).build().jobs()).allMatch(j -> j.finishedJob());
        }
    }

    private void run(String phase, String fault, String session) throws Exception {
        try (Db db = fault.equals("restart") ? new Db(crashServer()) : new Db()) {
            createPair(db);
            List<String> warnings = new CopyOnWriteArrayList<>();
            AtomicBoolean fired = new AtomicBoolean();
            AtomicInteger lockChecks = new AtomicInteger();
            Thread restarter = null;
            try (Writers w = Writers.twin(db.dataSource(), db.q("t"), db.q("t_twin"), 2, (phase + fault).hashCode(),
                    Duration.ofMillis(2)).surviveLostSessions()) {
                w.awaitTransactions(100, Duration.ofSeconds(30));
                RewriteListener listener = new RewriteListener() {
                    private int batches;

                    @Override
                    public void batchCopied(String table, long rows, Duration took) {
                        batches++;
                        if (phase.equals("backfill") && batches == 3 && fired.compareAndSet(false, true)) {
                            strike(db, fault, session);
                        }
                        if (warnings.stream().anyMatch(m -> m.startsWith("reconnected")) && jobLockHeld(db)) {
                            lockChecks.incrementAndGet();
                        }
                    }

                    @Override
                    public void phaseStarted(String table, Phase p) {
                        if (phase.equals("backfill") || !p.label().equals(phase) || !fired.compareAndSet(false, true)) {
                            return;
                        }
                        if (phase.equals("catch-up")) {
                            strike(db, fault, session);
                        } else {
                            // index: the worker's second CREATE INDEX (the key's index is built); cut-over: its
                            // first DDL, under the exclusive lock
                            eventTrigger(db, session, phase.equals("index") ? 2 : 1, fault);
                        }
                    }

                    @Override
                    public void warning(String table, String message) {
                        warnings.add(message);
                    }
                };
                if (fault.equals("restart") && (phase.equals("index") || phase.equals("cut-over"))) {
                    restarter = restartWhenAsleep(db, "recast: " + session);
                }
                RewriteResult r;
                try {
                    r = Recast.builder(db.dataSource()).listener(listener).build().repack(db.q("t"), options());
                } catch (RewriteException e) {
                    throw new AssertionError("the run failed; its warnings: " + warnings, e);
                }
                assertThat(fired).as("the fault was set off").isTrue();
                assertThat(warnings).as("it lost a session or an attempt, and went on")
                        .anyMatch(m -> m.startsWith("reconnected after") || m.contains("its session was lost"));
                if (fault.equals("restart")) {
                    db.reconnect();
                }
                if (phase.equals("backfill")) {
                    assertThat(lockChecks.get()).as("the job lock was held again after reconnecting: " + warnings)
                            .isPositive();
                    assertThat(r.rowsCopied()).as("copied from where it stopped, not again from the start")
                            .isLessThan(db.queryLong("SELECT count(*) FROM t") + 1_500);
                }
                w.awaitTransactions(w.transactions() + 100, Duration.ofSeconds(60));
                w.close();
                assertThat(w.errors()).isEmpty();
                if (fault.equals("restart")) {
                    assertThat(w.lostSessions()).as("the server did restart").isPositive();
                }
            } finally {
                if (restarter != null) {
                    restarter.interrupt();
                    restarter.join(60_000);
                }
                if (fault.equals("restart")) {
                    db.reconnect();
                }
                dropEventTrigger(db);
            }
            assertThat(db.checksum(db.q("t"))).as(db.difference(db.q("t"), db.q("t_twin")))
                    .isEqualTo(db.checksum(db.q("t_twin")));
            assertThat(db.artifacts()).isEmpty();
            assertThat(Recast.builder(db.dataSource()).build().jobs()).allMatch(j -> j.finishedJob());
        }
    }

    /** Terminates recast's session {@code session}, or restarts the server; returns when done. */
    private static void strike(Db db, String fault, String session) {
        try {
            if (fault.equals("restart")) {
                restart();
                return;
            }
            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                         + "WHERE application_name = 'recast: " + session + "' AND datname = current_database()")) {
                rs.next();
                assertThat(rs.getInt(1)).as("terminated the " + session + " session").isEqualTo(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void restart() {
        try {
            File log = Files.createTempFile("recast-restart", ".log").toFile();
            Process p = new ProcessBuilder("bash", "-c", RESTART).redirectErrorStream(true)
                    .redirectOutput(log).start();
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the restart ended").isTrue();
            assertThat(p.exitValue()).as(Files.readString(log.toPath())).isZero();
        } catch (Exception e) {
            throw new IllegalStateException("could not restart the server with " + RESTART, e);
        }
    }

    /**
     * An event trigger that acts in recast's session {@code session} at its {@code nth} DDL after
     * now: terminates that session, or sleeps 3 s in it (for {@link #restartWhenAsleep}).
     */
    static void eventTrigger(Db db, String session, int nth, String fault) {
        try {
            db.exec("CREATE SEQUENCE fault_seq");
            db.exec("""
                    CREATE FUNCTION fault() RETURNS event_trigger LANGUAGE plpgsql AS $$
                    BEGIN
                        IF current_setting('application_name') = 'recast: %s' AND nextval('%s.fault_seq') = %d THEN
                            IF '%s' = 'terminate' THEN
                                PERFORM pg_terminate_backend(pg_backend_pid());
                            END IF;
                            PERFORM pg_sleep(3);
                        END IF;
                    END $$""".formatted(session, db.schema(), nth, fault));
            db.exec("CREATE EVENT TRIGGER recast_fault_test ON ddl_command_start EXECUTE FUNCTION "
                    + db.q("fault") + "()");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static void dropEventTrigger(Db db) throws SQLException {
        db.exec("DROP EVENT TRIGGER IF EXISTS recast_fault_test");
    }

    /** Restarts the server once the recast session {@code app} sleeps in the event trigger. */
    private static Thread restartWhenAsleep(Db db, String app) {
        Thread t = new Thread(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
                         ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE application_name = '"
                                 + app + "' AND wait_event = 'PgSleep'")) {
                        rs.next();
                        if (rs.getInt(1) > 0) {
                            restart();
                            return;
                        }
                    }
                    Thread.sleep(20);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }, "restarter");
        t.start();
        return t;
    }

    /** Whether a recast "lock" session holds an advisory lock now. */
    private static boolean jobLockHeld(Db db) {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a USING (pid) "
                     + "WHERE l.locktype = 'advisory' AND l.granted AND a.application_name = 'recast: lock'")) {
            rs.next();
            return rs.getInt(1) > 0;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The watcher of the cut-over's lock queue loses its session while the attempt holds the lock (the
     * cut-over's session sleeps in an event trigger meanwhile): it watches on from a new session, and
     * the swap completes.
     */
    @Test
    void theLockQueueWatcherReplacesItsLostSession() throws Exception {
        try (Db db = new Db()) {
            createPair(db);
            AtomicInteger watchers = new AtomicInteger();
            Thread killer = new Thread(() -> {
                try {
                    while (db.queryLong("SELECT count(*) FROM pg_stat_activity WHERE application_name = "
                            + "'recast: cut-over' AND wait_event = 'PgSleep'") == 0) {
                        Thread.sleep(10);
                    }
                    int before = (int) db.queryLong("SELECT pid FROM pg_stat_activity WHERE application_name = "
                            + "'recast: lock watcher'");
                    strike(db, "terminate", "lock watcher");
                    for (int i = 0; i < 200 && watchers.get() == 0; i++) {
                        Thread.sleep(10);
                        if (db.queryLong("SELECT count(*) FROM pg_stat_activity WHERE application_name = "
                                + "'recast: lock watcher' AND pid <> ?", before) == 1) {
                            watchers.incrementAndGet();
                        }
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            try (Writers w = Writers.twin(db.dataSource(), db.q("t"), db.q("t_twin"), 2, 7, Duration.ofMillis(2))) {
                killer.start();
                RewriteListener listener = new RewriteListener() {
                    @Override
                    public void phaseStarted(String table, Phase p) {
                        if (p == Phase.CUT_OVER) {
                            eventTrigger(db, "cut-over", 1, "sleep");
                        }
                    }
                };
                RewriteResult r = Recast.builder(db.dataSource()).listener(listener).build().repack(db.q("t"),
                        RewriteOptions.builder().oldSnapshotWait(Duration.ZERO).build());
                killer.join(10_000);
                assertThat(r.cutOverAttempts()).isEqualTo(1);
                assertThat(watchers.get()).as("a new watcher session appeared").isEqualTo(1);
                w.awaitTransactions(w.transactions() + 50, Duration.ofSeconds(30));
                w.close();
                assertThat(w.errors()).isEmpty();
            } finally {
                dropEventTrigger(db);
            }
            assertThat(db.checksum(db.q("t"))).as(db.difference(db.q("t"), db.q("t_twin")))
                    .isEqualTo(db.checksum(db.q("t_twin")));
            assertThat(db.artifacts()).isEmpty();
        }
    }

    @Test
    void withReconnectingOffALostSessionStopsTheRunAndResumeFinishesIt() throws Exception {
        try (Db db = new Db()) {
            createPair(db);
            AtomicBoolean fired = new AtomicBoolean();
            RewriteOptions off = RewriteOptions.builder().batchRows(1_000).targetBatchTime(Duration.ZERO)
                    .maxRowsPerSecond(5_000).reconnectTimeout(Duration.ZERO).build();
            try (Writers w = Writers.twin(db.dataSource(), db.q("t"), db.q("t_twin"), 2, 13, Duration.ofMillis(2))) {
                w.awaitTransactions(100, Duration.ofSeconds(30));
                RewriteListener listener = new RewriteListener() {
                    @Override
                    public void batchCopied(String table, long rows, Duration took) {
                        if (fired.compareAndSet(false, true)) {
                            strike(db, "terminate", "worker");
                        }
                    }
                };
                RewriteException stopped = org.assertj.core.api.Assertions.catchThrowableOfType(
                        () -> Recast.builder(db.dataSource()).listener(listener).build().repack(db.q("t"), off),
                        RewriteException.class);
                assertThat(stopped).isNotNull();
                assertThat(stopped.getMessage()).contains("reconnecting is off")
                        .contains("recast resume --table \"" + db.schema() + "\".\"t\"");
                assertThat(db.artifacts()).as("its work is kept").isNotEmpty();
                Recast.builder(db.dataSource()).build().resume(db.q("t"));
                w.awaitTransactions(w.transactions() + 100, Duration.ofSeconds(30));
                w.close();
                assertThat(w.errors()).isEmpty();
            }
            assertThat(db.checksum(db.q("t"))).as(db.difference(db.q("t"), db.q("t_twin")))
                    .isEqualTo(db.checksum(db.q("t_twin")));
            assertThat(db.artifacts()).isEmpty();
        }
    }
}
