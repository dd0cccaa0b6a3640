package io.recast.engine.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.recast.engine.Recast;
import io.recast.engine.api.Phase;
import io.recast.engine.api.RewriteListener;
import io.recast.engine.api.RewriteOptions;
import io.recast.engine.api.RewriteResult;
import io.recast.engine.metrics.MetricsListener;
import io.recast.engine.metrics.RecastMeters;
import io.recast.engine.testkit.Db;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A real repack through {@link MetricsListener}: the meters agree with the table and with the result. */
class MetricsIT {

    private static Timer timer(SimpleMeterRegistry r, String name, String table, String... tags) {
        return r.get(name).tag(RecastMeters.TABLE, table).tags(tags).timer();
    }

    private static double counter(SimpleMeterRegistry r, String name, String table, String... tags) {
        return r.get(name).tag(RecastMeters.TABLE, table).tags(tags).counter().count();
    }

    @Test
    void metersFollowARepack() throws Exception {
        try (Db db = new Db(); Connection writer = db.dataSource().getConnection()) {
            db.exec("CREATE TABLE t (id bigint PRIMARY KEY, v text)");
            db.fill("t", 50_000);
            db.exec("DELETE FROM t WHERE id % 2 = 0");
            long rows = db.queryLong("SELECT count(*) FROM t");
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            // after the first batch, 100 rows change: the log has them, the replay applies them
            RewriteListener writes = new RewriteListener() {
                private boolean written;

                @Override
                public void batchCopied(String table, long copied, Duration took) {
                    if (!written) {
                        written = true;
                        exec(writer, "UPDATE " + db.q("t") + " SET v = 'changed' WHERE id <= 200");
                    }
                }
            };
            RewriteResult r = Recast.builder(db.dataSource()).listener(new MetricsListener(registry, writes)).build()
                    .repack(db.q("t"), RewriteOptions.builder().batchRows(7_000).targetBatchTime(Duration.ZERO).batchPause(Duration.ofMillis(1)).build());
            String t = r.table();

            assertThat(counter(registry, RecastMeters.ROWS_COPIED, t)).isEqualTo(rows).isEqualTo(r.rowsCopied());
            assertThat(counter(registry, RecastMeters.ROWS_REPLAYED, t)).isGreaterThanOrEqualTo(100)
                    .isEqualTo(r.rowsReplayed());
            // 25,000 rows in batches of 7,000: three full batches and the rest, a pause after each but the last
            assertThat(timer(registry, RecastMeters.BATCH_DURATION, t).count()).isEqualTo(4);
            assertThat(timer(registry, RecastMeters.BATCH_DURATION, t).totalTime(TimeUnit.NANOSECONDS)).isPositive();
            assertThat(timer(registry, RecastMeters.THROTTLE_PAUSE, t, RecastMeters.REASON, "batch pause 1ms").count())
                    .isEqualTo(3);
            assertThat(registry.get(RecastMeters.THROTTLED).tag(RecastMeters.TABLE, t).gauge().value()).isZero();
            assertThat(registry.get(RecastMeters.BACKLOG).tag(RecastMeters.TABLE, t).gauge().value()).isZero();

            String success = RecastMeters.SUCCESS;
            assertThat(counter(registry, RecastMeters.CUTOVER_ATTEMPTS, t, RecastMeters.OUTCOME, success))
                    .isEqualTo(1).isEqualTo(r.cutOverAttempts());
            assertThat(registry.find(RecastMeters.CUTOVER_ATTEMPTS).tag(RecastMeters.OUTCOME, RecastMeters.FAILURE)
                    .counter()).isNull();
            Timer hold = timer(registry, RecastMeters.CUTOVER_LOCK_HOLD, t, RecastMeters.OUTCOME, success);
            assertThat(hold.count()).isEqualTo(1);
            assertThat(hold.totalTime(TimeUnit.NANOSECONDS)).isPositive().isEqualTo(r.lockHold().toNanos());
            assertThat(timer(registry, RecastMeters.CUTOVER_LOCK_WAIT, t, RecastMeters.OUTCOME, success)
                    .totalTime(TimeUnit.NANOSECONDS)).isEqualTo(r.lockWait().toNanos());
            assertThat(db.artifacts()).isEmpty();
        }
    }

    /** A session holding the table refuses the first attempt; it lets go once warned of the retry. */
    @Test
    void aRefusedCutOverAttemptIsCountedWithItsWaitAndNoHold() throws Exception {
        try (Db db = new Db(); Connection blocker = db.dataSource().getConnection()) {
            db.exec("CREATE TABLE t (id int PRIMARY KEY, v text)");
            db.fill("t", 2_000);
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            RewriteListener blocking = new RewriteListener() {
                @Override
                public void phaseStarted(String table, Phase phase) {
                    if (phase == Phase.CUT_OVER) {
                        try {
                            blocker.setAutoCommit(false);
                            exec(blocker, "SELECT count(*) FROM " + db.q("t"));
                        } catch (SQLException e) {
                            throw new IllegalStateException(e);
                        }
                    }
                }

                @Override
                public void warning(String table, String message) {
                    try {
                        if (message.contains("cut-over attempt 1 ") && !blocker.getAutoCommit()) {
                            blocker.commit();
                            blocker.setAutoCommit(true);
                        }
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                }
            };
            // long enough that the blocker stays younger than it: the guard lets the attempt ask, and it is refused
            Duration lockTimeout = Duration.ofMillis(1_500);
            RewriteResult r = Recast.builder(db.dataSource()).listener(new MetricsListener(registry, blocking))
                    .build().repack(db.q("t"), RewriteOptions.builder().lockTimeout(lockTimeout).maxAttempts(5).build());
            String t = r.table();

            assertThat(r.cutOverAttempts()).isEqualTo(2);
            assertThat(counter(registry, RecastMeters.CUTOVER_ATTEMPTS, t, RecastMeters.OUTCOME, RecastMeters.FAILURE))
                    .isEqualTo(1);
            assertThat(counter(registry, RecastMeters.CUTOVER_ATTEMPTS, t, RecastMeters.OUTCOME, RecastMeters.SUCCESS))
                    .isEqualTo(1);
            Timer failedWait = timer(registry, RecastMeters.CUTOVER_LOCK_WAIT, t, RecastMeters.OUTCOME,
                    RecastMeters.FAILURE);
            assertThat(failedWait.count()).isEqualTo(1);
            assertThat(failedWait.totalTime(TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(lockTimeout.toMillis());
            // the refused attempt never held the lock
            assertThat(registry.find(RecastMeters.CUTOVER_LOCK_HOLD).tag(RecastMeters.OUTCOME, RecastMeters.FAILURE)
                    .timer()).isNull();
            assertThat(timer(registry, RecastMeters.CUTOVER_LOCK_HOLD, t, RecastMeters.OUTCOME, RecastMeters.SUCCESS)
                    .totalTime(TimeUnit.NANOSECONDS)).isPositive();
            assertThat(db.artifacts()).isEmpty();
        }
    }

    private static void exec(Connection c, String sql) {
        try {
            c.createStatement().execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
