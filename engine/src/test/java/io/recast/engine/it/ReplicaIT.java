package io.recast.engine.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.recast.engine.Recast;
import io.recast.engine.api.AbortedException;
import io.recast.engine.api.InvalidOptionsException;
import io.recast.engine.api.Phase;
import io.recast.engine.api.RewriteListener;
import io.recast.engine.api.RewriteOptions;
import io.recast.engine.api.RewriteResult;
import io.recast.engine.api.Signal;
import io.recast.engine.api.ThrottleRule;
import io.recast.engine.testkit.Db;
import io.recast.engine.testkit.PgFixture;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The replica lag signal read on a real streaming standby ({@code RECAST_TEST_REPLICA_URL}, a standby
 * of the server under test: {@code scripts/pg-server.sh standby 13}, which scripts/test.sh starts for
 * the first major of its matrix). Replay is paused on the standby while the backfill writes, so the
 * lag is real; the refusal of a URL that is not a standby needs no standby.
 */
class ReplicaIT {
    private static final int ROWS = 30_000;
    private static final String REPLICA = blankToNull(System.getenv("RECAST_TEST_REPLICA_URL"));

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static RewriteOptions.Builder options(Db db) {
        // about 3 s of backfill: the paused replay has time to fall behind
        return RewriteOptions.builder().batchRows(1_000).targetBatchTime(Duration.ZERO)
                .maxRowsPerSecond(10_000).throttleInterval(Duration.ofMillis(50)).replicaUrls(List.of(REPLICA));
    }

    private static Recast rewriter(Db db, RewriteListener l) {
        PgFixture pg = PgFixture.get();
        return Recast.builder(db.dataSource()).listener(l).replicaLogin(pg.user(), pg.password()).build();
    }

    private static Connection replica() throws Exception {
        Properties p = new Properties();
        p.setProperty("user", PgFixture.get().user());
        if (PgFixture.get().password() != null) {
            p.setProperty("password", PgFixture.get().password());
        }
        return DriverManager.getConnection(REPLICA, p);
    }

    private static void exec(Connection c, String sql) throws Exception {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    /** Waits until the standby has replayed everything the primary wrote so far. */
    private static void caughtUp(Db db, Connection replica) throws Exception {
        String target = db.queryString("SELECT pg_current_wal_lsn()::text");
        for (int i = 0; i < 1_000; i++) {
            try (Statement st = replica.createStatement();
                 ResultSet rs = st.executeQuery("SELECT pg_last_wal_replay_lsn() >= '" + target + "'::pg_lsn")) {
                rs.next();
                if (rs.getBoolean(1)) {
                    return;
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the standby did not replay up to " + target + " in 10 s");
    }

    /**
     * Pauses replay on the standby when the backfill starts; resumes it on the first throttle (or
     * never). The rate limit's own throttle reports are left out.
     */
    private static final class PauseReplay implements RewriteListener {
        final List<String> reasons = new CopyOnWriteArrayList<>();
        private final Connection replica;
        private final boolean lift;

        PauseReplay(Connection replica, boolean lift) {
            this.replica = replica;
            this.lift = lift;
        }

        @Override
        public void phaseStarted(String table, Phase phase) {
            if (phase == Phase.BACKFILL) {
                run("SELECT pg_wal_replay_pause()");
            }
        }

        @Override
        public void throttled(String table, String reason) {
            if (reason != null && !reason.startsWith("rate limit")) {
                reasons.add(reason);
                if (lift && reasons.size() == 1) {
                    run("SELECT pg_wal_replay_resume()");
                }
            }
        }

        private void run(String sql) {
            try {
                exec(replica, sql);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
    }

    @Test
    void waitsWhileTheStandbysReplayLagsBehindAndGoesOnWhenItCatchesUp() throws Exception {
        assumeTrue(REPLICA != null, "RECAST_TEST_REPLICA_URL names no standby");
        try (Db db = new Db(); Connection replica = replica()) {
            db.exec("CREATE TABLE t (id bigint PRIMARY KEY, v text)");
            db.fill("t", ROWS);
            String rows = db.checksum(db.q("t"));
            caughtUp(db, replica);
            PauseReplay probe = new PauseReplay(replica, true);
            try {
                RewriteResult r = rewriter(db, probe).repack(db.q("t"), options(db)
                        .throttleRules(List.of(ThrottleRule.pause(Signal.REPLICA_LAG, 0.2))).build());
                assertThat(r.rowsCopied()).isEqualTo(ROWS);
            } finally {
                exec(replica, "SELECT pg_wal_replay_resume()");
            }
            assertThat(probe.reasons).first().asString().startsWith("replica replay lag ").endsWith("s > 0.2s");
            assertThat(db.checksum(db.q("t"))).isEqualTo(rows);
            assertThat(db.artifacts()).isEmpty();
        }
    }

    @Test
    void thePrimarysViewOfTheStandbysReplayLagThrottlesToo() throws Exception {
        assumeTrue(REPLICA != null, "RECAST_TEST_REPLICA_URL names no standby");
        try (Db db = new Db(); Connection replica = replica()) {
            db.exec("CREATE TABLE t (id bigint PRIMARY KEY, v text)");
            db.fill("t", ROWS);
            caughtUp(db, replica);
            PauseReplay probe = new PauseReplay(replica, true);
            try {
                RewriteResult r = Recast.builder(db.dataSource()).listener(probe).build().repack(db.q("t"), RewriteOptions.builder().batchRows(1_000).targetBatchTime(Duration.ZERO)
                                .maxRowsPerSecond(10_000).throttleInterval(Duration.ofMillis(50))
                                .throttleRules(List.of(ThrottleRule.pause(Signal.REPLICATION_LAG, 0.2))).build());
                assertThat(r.rowsCopied()).isEqualTo(ROWS);
            } finally {
                exec(replica, "SELECT pg_wal_replay_resume()");
            }
            assertThat(probe.reasons).first().asString().startsWith("replication lag ").endsWith("s > 0.2s");
        }
    }

    @Test
    void stopsCleanlyWhenTheStandbysLagPassesTheCriticalThreshold() throws Exception {
        assumeTrue(REPLICA != null, "RECAST_TEST_REPLICA_URL names no standby");
        try (Db db = new Db(); Connection replica = replica()) {
            db.exec("CREATE TABLE t (id bigint PRIMARY KEY, v text)");
            db.fill("t", ROWS);
            long filenode = db.relfilenode(db.q("t"));
            String rows = db.checksum(db.q("t"));
            caughtUp(db, replica);
            try {
                assertThatThrownBy(() -> rewriter(db, new PauseReplay(replica, false)).repack(db.q("t"), options(db)
                        .throttleRules(List.of(ThrottleRule.abort(Signal.REPLICA_LAG, 0.3))).build()))
                        .isInstanceOf(AbortedException.class)
                        .hasMessageContaining("replica replay lag")
                        .hasMessageContaining("is above its critical threshold 0.3s");
            } finally {
                exec(replica, "SELECT pg_wal_replay_resume()");
            }
            assertThat(db.relfilenode(db.q("t"))).isEqualTo(filenode);
            assertThat(db.checksum(db.q("t"))).isEqualTo(rows);
            assertThat(db.artifacts()).isEmpty();
        }
    }

    @Test
    void refusesAReplicaUrlThatIsNotAStandbyBeforeCreatingAnything() throws Exception {
        try (Db db = new Db()) {
            db.exec("CREATE TABLE t (id bigint PRIMARY KEY, v text)");
            db.fill("t", 100);
            String primary = PgFixture.get().url();
            assertThatThrownBy(() -> rewriter(db, RewriteListener.NONE).repack(db.q("t"), RewriteOptions.builder()
                    .replicaUrls(List.of(primary)).throttleRules(List.of(ThrottleRule.pause(Signal.REPLICA_LAG, 1)))
                    .build()))
                    .isInstanceOf(InvalidOptionsException.class)
                    .hasMessageContaining("is not a standby (pg_is_in_recovery() is false)");
            assertThat(db.artifacts()).isEmpty();
        }
    }
}
