package io.recast.engine.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recast.engine.Recast;
import io.recast.engine.api.AbortedException;
import io.recast.engine.api.CleanupReport;
import io.recast.engine.api.NotEligibleException;
import io.recast.engine.api.Phase;
import io.recast.engine.api.ProgressSnapshot;
import io.recast.engine.api.RewriteListener;
import io.recast.engine.api.RewriteOptions;
import io.recast.engine.testkit.Db;
import io.recast.engine.testkit.FirstStepOnly;
import io.recast.engine.testkit.Writers;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Stops a run in each phase: the table is as it was (same rows, same heap), nothing of ours is
 * left; and a run that dies without cleaning up is cleaned by {@code cleanup} from a fresh start.
 */
@FirstStepOnly("stopping and cleaning up runs the SQL the scenarios run on every major")
class AbortIT {

    @ParameterizedTest
    @EnumSource(value = Phase.class, names = {"PREPARE", "BACKFILL", "INDEX", "CATCH_UP", "CUT_OVER"})
    void cancelInEachPhaseLeavesTheTableAsItWas(Phase phase) throws Exception {
        try (Db db = new Db()) {
            ConcurrencyIT.createPair(db);
            long filenode = db.relfilenode(db.q("t"));
            AtomicReference<Recast> rewriter = new AtomicReference<>();
            RewriteListener listener = new RewriteListener() {
                @Override
                public void phaseStarted(String table, Phase p) {
                    if (p == phase && phase != Phase.BACKFILL) {
                        rewriter.get().cancel("test stops it in " + p.label());
                    }
                }

                @Override
                public void progress(ProgressSnapshot s) {
                    if (phase == Phase.BACKFILL && s.phase() == Phase.BACKFILL && s.rowsCopied() > 0) {
                        rewriter.get().cancel("test stops it in the backfill");
                    }
                }
            };
            rewriter.set(Recast.builder(db.dataSource()).listener(listener).build());
            try (Writers w = Writers.twin(db.dataSource(), db.q("t"), db.q("t_twin"), 2, phase.ordinal(),
                    Duration.ofMillis(2))) {
                assertThatThrownBy(() -> rewriter.get().repack(db.q("t"), RewriteOptions.builder().batchRows(1_000)
                        .targetBatchTime(Duration.ZERO)
                        .batchPause(Duration.ofMillis(60)).build()))
                        .isInstanceOf(AbortedException.class).hasMessageContaining("aborted");
                w.close();
                assertThat(w.errors()).isEmpty();
            }
            assertThat(db.relfilenode(db.q("t"))).isEqualTo(filenode);
            assertThat(db.checksum(db.q("t"))).as(db.difference(db.q("t"), db.q("t_twin")))
                    .isEqualTo(db.checksum(db.q("t_twin")));
            assertThat(db.artifacts()).isEmpty();
        }
    }

    /** Row triggers do not see a TRUNCATE: its marker in the log aborts the run, nothing is resurrected. */
    @org.junit.jupiter.api.Test
    void aTruncateDuringTheRunAbortsIt() throws Exception {
        try (Db db = new Db()) {
            db.exec("CREATE TABLE t (id bigint PRIMARY KEY, v text)");
            db.fill("t", 5_000);
            RewriteListener truncate = new RewriteListener() {
                @Override
                public void phaseStarted(String table, Phase p) {
                    if (p == Phase.INDEX) {
                        try (var c = db.dataSource().getConnection()) {
                            c.createStatement().execute("TRUNCATE " + db.q("t"));
                        } catch (SQLException e) {
                            throw new IllegalStateException(e);
                        }
                    }
                }
            };
            assertThatThrownBy(() -> Recast.builder(db.dataSource()).listener(truncate).build()
                    .repack(db.q("t"), RewriteOptions.builder().build()))
                    .isInstanceOf(AbortedException.class).hasMessageContaining("was truncated");
            assertThat(db.queryLong("SELECT count(*) FROM t")).isZero();
            assertThat(db.artifacts()).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Phase.class, names = {"BACKFILL", "INDEX", "CATCH_UP"})
    void aCrashedRunIsCleanedUpLater(Phase phase) throws Exception {
        try (Db db = new Db()) {
            db.exec("CREATE TABLE t (id bigint PRIMARY KEY, v text)");
            db.fill("t", 5_000);
            String before = db.checksum(db.q("t"));
            RewriteListener crash = new RewriteListener() {
                @Override
                public void phaseStarted(String table, Phase p) {
                    if (p == phase) {
                        throw new Error("simulated crash: the process dies, no cleanup runs");
                    }
                }
            };
            assertThatThrownBy(() -> Recast.builder(db.dataSource()).listener(crash).build()
                    .repack(db.q("t"), RewriteOptions.builder().build())).isInstanceOf(Error.class);
            db.exec("INSERT INTO t VALUES (-1, 'written after the crash')");
            db.exec("DELETE FROM t WHERE id = -1");
            assertThat(db.artifacts()).isNotEmpty();

            assertThatThrownBy(() -> Recast.builder(db.dataSource()).build()
                    .repack(db.q("t"), RewriteOptions.builder().build()))
                    .isInstanceOf(NotEligibleException.class).hasMessageContaining("recast cleanup --table");

            CleanupReport first = Recast.builder(db.dataSource()).build().cleanup(db.q("t"));
            assertThat(first.dropped()).isNotEmpty();
            assertThat(db.artifacts()).isEmpty();
            CleanupReport second = Recast.builder(db.dataSource()).build().cleanup(db.q("t"));
            assertThat(second.dropped()).isEmpty();
            assertThat(db.checksum(db.q("t"))).isEqualTo(before);

            Recast.builder(db.dataSource()).build().repack(db.q("t"), RewriteOptions.builder().build());
            assertThat(db.checksum(db.q("t"))).isEqualTo(before);
            assertThat(db.artifacts()).isEmpty();
        }
    }

    /**
     * Stopped while a cut-over attempt holds the table's exclusive lock (its session sleeps 3 s in an
     * event trigger at its first DDL): by the process itself (Ctrl-C, {@code Recast.cancel}: the
     * attempt's statement is cancelled) or by {@code recast abort} from elsewhere (read under the lock,
     * the last moment before the commit). Either way the swap rolls back, the table is as it was and
     * equals its twin, and nothing of ours is left.
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"cancel", "abort"})
    void stoppedDuringACutOverAttemptTheSwapRollsBack(String how) throws Exception {
        try (Db db = new Db()) {
            ConcurrencyIT.createPair(db);
            long filenode = db.relfilenode(db.q("t"));
            AtomicReference<Recast> rewriter = new AtomicReference<>();
            RewriteListener listener = new RewriteListener() {
                @Override
                public void phaseStarted(String table, Phase p) {
                    if (p == Phase.CUT_OVER) {
                        FaultIT.eventTrigger(db, "cut-over", 1, "sleep");
                    }
                }
            };
            rewriter.set(Recast.builder(db.dataSource()).listener(listener).build());
            Thread stopper = new Thread(() -> {
                try {
                    while (db.queryLong("SELECT count(*) FROM pg_stat_activity WHERE application_name = "
                            + "'recast: cut-over' AND wait_event = 'PgSleep'") == 0) {
                        Thread.sleep(10);
                    }
                    if (how.equals("cancel")) {
                        rewriter.get().cancel("test stops it during the swap");
                    } else {
                        Recast.builder(db.dataSource()).build().control(db.q("t"), io.recast.engine.api.JobRequest.ABORT);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            try (Writers w = Writers.twin(db.dataSource(), db.q("t"), db.q("t_twin"), 2, how.length(),
                    Duration.ofMillis(2))) {
                stopper.start();
                assertThatThrownBy(() -> rewriter.get().repack(db.q("t"), RewriteOptions.builder()
                        .oldSnapshotWait(Duration.ZERO).build()))
                        .isInstanceOf(AbortedException.class)
                        .hasMessageContaining(how.equals("cancel") ? "test stops it" : "aborted by recast abort");
                stopper.join(10_000);
                w.awaitTransactions(w.transactions() + 50, Duration.ofSeconds(30));
                w.close();
                assertThat(w.errors()).isEmpty();
            } finally {
                FaultIT.dropEventTrigger(db);
            }
            assertThat(db.relfilenode(db.q("t"))).as("not swapped").isEqualTo(filenode);
            assertThat(db.checksum(db.q("t"))).as(db.difference(db.q("t"), db.q("t_twin")))
                    .isEqualTo(db.checksum(db.q("t_twin")));
            assertThat(db.artifacts()).isEmpty();
        }
    }
}
