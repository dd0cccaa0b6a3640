package io.recast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.recast.engine.testkit.Db;
import io.recast.engine.testkit.PgFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded jar as a process: killed with SIGKILL it leaves its artifacts, which {@code cleanup}
 * removes; stopped with SIGTERM it removes them itself and exits with 6.
 */
class ProcessIT {
    private static final Path JAR = Path.of("target", "recast.jar").toAbsolutePath();

    @TempDir
    Path dir;

    /** Connection options of another server than the test database's (the crash server); null: the test database. */
    private List<String> server;

    private Process start(Db db, String table, String... more) throws Exception {
        assertThat(JAR).as("the shaded jar (built in the package phase)").exists();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-jar", JAR.toString()));
        List<String> args = new ArrayList<>(List.of("repack", "--table", db.q(table)));
        args.addAll(List.of(more));
        if (!args.contains("--batch-size")) {
            args.addAll(List.of("--batch-size", "500", "--target-batch-time", "0ms", "--batch-pause", "200ms"));
        }
        if (server == null) {
            cmd.addAll(List.of(Conn.args(args.toArray(String[]::new))));
        } else {
            cmd.addAll(args);
            cmd.addAll(server);
        }
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectOutput(dir.resolve("out.txt").toFile())
                .redirectError(dir.resolve("err.txt").toFile());
        if (PgFixture.get().password() != null) {
            pb.environment().put("PGPASSWORD", PgFixture.get().password());
        }
        return pb.start();
    }

    private String stderr() throws Exception {
        return Files.readString(dir.resolve("err.txt"));
    }

    /** Waits until the run's job row says it is copying. */
    private void awaitBackfill(Db db, Process p, String table) throws Exception {
        awaitPhase(db, p, table, "backfill");
    }

    private void awaitPhase(Db db, Process p, String table, String phase) throws Exception {
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < until) {
            assertThat(p.isAlive()).as("the process ended early: %s", stderr()).isTrue();
            if (db.queryValue("SELECT to_regclass('recast.jobs')") != null && phase.equals(db.queryString(
                    "SELECT phase FROM recast.jobs WHERE table_oid = ?::regclass AND finished_at IS NULL "
                            + "AND rows_copied > 0", db.q(table)))) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the run never reached the " + phase + ": " + stderr());
    }

    /** After SIGKILL the server notices the dead client only when it next talks to it. */
    private static void awaitSessionsGone(Db db) throws Exception {
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (db.queryLong("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                + "AND application_name LIKE 'recast%'") > 0) {
            assertThat(System.nanoTime()).as("sessions of the killed run are still there").isLessThan(until);
            Thread.sleep(100);
        }
    }

    @Test
    void afterKillNineCleanupRemovesWhatTheRunLeft() throws Exception {
        try (Db db = new Db()) {
            db.exec("CREATE TABLE t (id bigint PRIMARY KEY, v text)");
            db.fill("t", 30_000);
            String before = db.checksum("t");
            Process p = start(db, "t");
            awaitBackfill(db, p, "t");
            p.destroyForcibly();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(db.artifacts()).as("kill -9 runs no cleanup").isNotEmpty();
            awaitSessionsGone(db);

            Cli r = Cli.run(Conn.args("cleanup", "--table", db.q("t")));
            assertThat(r.code()).as(r.toString()).isZero();
            assertThat(r.out()).contains("dropped trigger").contains("dropped shadow table");
            assertThat(db.artifacts()).isEmpty();
            assertThat(db.checksum("t")).isEqualTo(before);
            assertThat(db.queryLong("SELECT count(*) FROM pg_trigger WHERE tgrelid = ?::regclass", db.q("t"))).isZero();
        }
    }

    /** kill -9 in the backfill, and in the catch-up (held there by a manual cut-over), then recast resume. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"backfill", "index", "catch-up", "cut-over"})
    void afterKillNineResumeGoesOnAndLosesNothing(String phase) throws Exception {
        int rows = phase.equals("index") ? 300_000 : 30_000;
        try (Db db = new Db(); java.sql.Connection blocker = db.dataSource().getConnection()) {
            for (String t : new String[] {"t", "t_twin"}) {
                db.exec("CREATE TABLE " + t + " (id bigint PRIMARY KEY, v text NOT NULL)");
                db.fill(t, rows);
            }
            if (phase.equals("index")) {
                // index builds long enough to be caught in the act
                for (String expr : new String[] {"v", "md5(v)", "md5(v || 'x')", "lower(v)", "upper(v)"}) {
                    db.exec("CREATE INDEX ON t ((" + expr + "))");
                }
            }
            try (io.recast.engine.testkit.Writers w = io.recast.engine.testkit.Writers.twin(db.dataSource(), db.q("t"),
                    db.q("t_twin"), 2, phase.length(), Duration.ofMillis(2))) {
                Process p = switch (phase) {
                    case "backfill" -> start(db, "t");
                    case "index" -> start(db, "t", "--batch-size", "100000");
                    case "catch-up" -> start(db, "t", "--cut-over", "manual");
                    default -> start(db, "t", "--cut-over", "manual", "--max-attempts", "1000");
                };
                if (phase.equals("cut-over")) {
                    // an old transaction holding the table keeps every attempt from starting
                    awaitPhase(db, p, "t", "catch-up");
                    blocker.setAutoCommit(false);
                    blocker.createStatement().execute("SELECT count(*) FROM " + db.q("t"));
                    Thread.sleep(300);
                    assertThat(Cli.run(Conn.args("cut-over", "--table", db.q("t"))).code()).isZero();
                }
                awaitPhase(db, p, "t", phase);
                p.destroyForcibly();
                assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
                awaitSessionsGone(db);
                assertThat(db.artifacts()).as("kill -9 runs no cleanup").isNotEmpty();
                if (phase.equals("cut-over")) {
                    blocker.commit();
                }
                w.awaitTransactions(w.transactions() + 200, Duration.ofSeconds(30));

                resume(db, w, phase.equals("catch-up") || phase.equals("cut-over"));
            }
            assertEqualToTwin(db);
        }
    }

    /**
     * recast resume, then, for a run with a manual cut-over (its options come back from the job row:
     * it waits for the cut-over again), recast cut-over until the job takes it; the writers go on.
     */
    private static void resume(Db db, io.recast.engine.testkit.Writers w, boolean manualCutOver) throws Exception {
        java.util.concurrent.CompletableFuture<Cli> resumed = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> Cli.run(Conn.args("resume", "--table", db.q("t"))));
        if (manualCutOver) {
            long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            Cli c;
            do {
                Thread.sleep(100);
                c = Cli.run(Conn.args("cut-over", "--table", db.q("t")));
            } while (c.code() != 0 && !resumed.isDone() && System.nanoTime() < until);
            Cli early = resumed.isDone() ? resumed.join() : null;
            assertThat(c.code()).as("%s; recast resume %s", c, early == null ? "still running" : "ended: " + early)
                    .isZero();
        }
        Cli r = resumed.get(120, TimeUnit.SECONDS);
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.err()).contains("resuming job ");
        w.awaitTransactions(w.transactions() + 200, Duration.ofSeconds(30));
        w.close();
        assertThat(w.errors()).isEmpty();
    }

    private static void assertEqualToTwin(Db db) throws Exception {
        assertThat(db.checksum(db.q("t"))).as(db.difference(db.q("t"), db.q("t_twin")))
                .isEqualTo(db.checksum(db.q("t_twin")));
        assertThat(db.artifacts()).isEmpty();
    }

    /**
     * kill -9 while the run is inside an open transaction: a replay batch (held on a lock of the
     * shadow) or the swap (holding ACCESS EXCLUSIVE on the table, held on the lock of the table's own
     * sequence, which the swap moves): the server rolls the transaction back, and recast resume
     * finishes the job with nothing lost.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"replay", "swap"})
    void afterKillNineInsideAnOpenTransactionResumeLosesNothing(String where) throws Exception {
        try (Db db = new Db(); java.sql.Connection blocker = db.dataSource().getConnection()) {
            db.exec("CREATE TABLE t (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, v text NOT NULL)");
            db.exec("CREATE TABLE t_twin (id bigint PRIMARY KEY, v text NOT NULL)");
            db.fill("t", 30_000);
            db.fill("t_twin", 30_000);
            long oid = db.queryLong("SELECT ?::regclass::oid", db.q("t"));
            try (io.recast.engine.testkit.Writers w = io.recast.engine.testkit.Writers.twin(db.dataSource(), db.q("t"),
                    db.q("t_twin"), 2, where.length(), Duration.ofMillis(2))) {
                Process p = where.equals("replay")
                        ? start(db, "t", "--cut-over", "manual", "--replay-batch", "50")
                        : start(db, "t", "--cut-over", "manual", "--lock-timeout", "20s", "--max-lock-hold", "40s",
                        "--max-attempts", "3", "--max-queue-wait", "30s");
                awaitPhase(db, p, "t", "catch-up");
                blocker.setAutoCommit(false);
                String waiting;
                if (where.equals("replay")) {
                    // a table lock, taken at once: row locks taken one by one could deadlock with a replay
                    // batch deleting the same rows in another order
                    blocker.createStatement().execute("LOCK TABLE recast.shadow_" + oid + " IN SHARE MODE");
                    waiting = "recast: worker";
                } else {
                    blocker.createStatement().execute("SELECT nextval(pg_get_serial_sequence('" + db.q("t") + "', 'id'))");
                    assertThat(Cli.run(Conn.args("cut-over", "--table", db.q("t"))).code()).isZero();
                    waiting = "recast: cut-over";
                }
                awaitBlocked(db, p, waiting);
                p.destroyForcibly();
                assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
                blocker.rollback();
                awaitSessionsGone(db);
                assertThat(db.artifacts()).as("kill -9 runs no cleanup").isNotEmpty();
                assertThat(db.queryLong("SELECT ?::regclass::oid", db.q("t"))).as("the swap did not commit").isEqualTo(oid);
                w.awaitTransactions(w.transactions() + 200, Duration.ofSeconds(30));

                resume(db, w, true);
            }
            assertEqualToTwin(db);
        }
    }

    /** Waits until the run's session {@code session} (its application_name) is inside a transaction, waiting for a lock. */
    private void awaitBlocked(Db db, Process p, String session) throws Exception {
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (db.queryLong("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                + "AND application_name = ? AND wait_event_type = 'Lock' AND xact_start IS NOT NULL", session) == 0) {
            assertThat(p.isAlive()).as("the process ended early: %s", stderr()).isTrue();
            assertThat(System.nanoTime()).as("the run's " + session + " never waited for a lock: " + stderr())
                    .isLessThan(until);
            Thread.sleep(20);
        }
    }

    @Test
    void sigtermAbortsCleansUpAndExitsSix() throws Exception {
        try (Db db = new Db()) {
            db.exec("CREATE TABLE t (id bigint PRIMARY KEY, v text)");
            db.fill("t", 30_000);
            String before = db.checksum("t");
            Process p = start(db, "t");
            awaitBackfill(db, p, "t");
            p.destroy();
            assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("the process stops within 90 s").isTrue();
            String err = stderr();
            assertThat(p.exitValue()).as(err).isEqualTo(6);
            assertThat(err).contains("recast: backfill ")
                    .contains("recast: error: aborted (SIGINT or SIGTERM received)")
                    .doesNotContain("\tat ");
            assertThat(Files.readString(dir.resolve("out.txt"))).isEmpty();
            assertThat(db.artifacts()).as("the run removed its own artifacts").isEmpty();
            assertThat(db.checksum("t")).isEqualTo(before);
        }
    }

    /**
     * The real process, with its connection pool, rides out a fault in its backfill: its worker and
     * lock sessions terminated, or (on the server of {@code RECAST_TEST_CRASH_URL}, which
     * {@code RECAST_TEST_RESTART} crashes; scripts/test.sh starts one) the server restarted; it
     * reconnects, finishes by itself with exit 0, and the table equals its twin.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"terminate", "restart"})
    void aLostSessionOrARestartIsRiddenOutByTheProcess(String fault) throws Exception {
        String restart = System.getenv("RECAST_TEST_RESTART");
        String crashUrl = System.getenv("RECAST_TEST_CRASH_URL");
        boolean crash = fault.equals("restart");
        org.junit.jupiter.api.Assumptions.assumeTrue(!crash || restart != null && !restart.isBlank() && crashUrl != null
                && !crashUrl.isBlank(), "RECAST_TEST_CRASH_URL and RECAST_TEST_RESTART are not set: no server this "
                + "test may crash (scripts/test.sh starts one)");
        org.postgresql.ds.PGSimpleDataSource crashServer = new org.postgresql.ds.PGSimpleDataSource();
        if (crash) {
            crashServer.setUrl(crashUrl);
            crashServer.setUser(System.getenv().getOrDefault("RECAST_TEST_USER", "postgres"));
            crashServer.setPassword(System.getenv("RECAST_TEST_PASSWORD"));
            server = List.of("--url", crashUrl, "-U", crashServer.getUser());
        }
        try (Db db = crash ? new Db(crashServer) : new Db()) {
            for (String t : new String[] {"t", "t_twin"}) {
                db.exec("CREATE TABLE " + t + " (id bigint PRIMARY KEY, v text NOT NULL)");
                db.fill(t, 30_000);
            }
            try (io.recast.engine.testkit.Writers w = io.recast.engine.testkit.Writers.twin(db.dataSource(), db.q("t"),
                    db.q("t_twin"), 2, fault.length(), Duration.ofMillis(2)).surviveLostSessions()) {
                Process p = start(db, "t", "--batch-size", "1000", "--target-batch-time", "0ms", "--batch-pause",
                        "100ms");
                awaitBackfill(db, p, "t");
                if (fault.equals("terminate")) {
                    assertThat(db.queryLong("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE "
                            + "application_name IN ('recast: worker', 'recast: lock')")).isEqualTo(2);
                } else {
                    Process r = new ProcessBuilder("bash", "-c", restart).redirectErrorStream(true)
                            .redirectOutput(dir.resolve("restart.txt").toFile()).start();
                    assertThat(r.waitFor(120, TimeUnit.SECONDS)).isTrue();
                    assertThat(r.exitValue()).as(Files.readString(dir.resolve("restart.txt"))).isZero();
                    db.reconnect();
                }
                assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the process finishes by itself").isTrue();
                String err = stderr();
                assertThat(p.exitValue()).as(err).isZero();
                assertThat(err).contains("lost its session during backfill").contains("reconnected after")
                        .contains("resuming job ");
                w.awaitTransactions(w.transactions() + 100, Duration.ofSeconds(60));
                w.close();
                assertThat(w.errors()).isEmpty();
            }
            assertEqualToTwin(db);
        }
    }
}
