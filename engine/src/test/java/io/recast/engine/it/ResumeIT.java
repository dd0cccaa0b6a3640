package io.recast.engine.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recast.engine.Recast;
import io.recast.engine.api.CopyMethod;
import io.recast.engine.api.CopyOrder;
import io.recast.engine.api.Alteration;
import io.recast.engine.api.JobRequest;
import io.recast.engine.api.NotEligibleException;
import io.recast.engine.api.Phase;
import io.recast.engine.api.RewriteListener;
import io.recast.engine.api.RewriteOptions;
import io.recast.engine.api.RewriteResult;
import io.recast.engine.testkit.Db;
import io.recast.engine.testkit.FirstStepOnly;
import io.recast.engine.testkit.Writers;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A run that dies without cleaning up (an Error from the listener: no cleanup runs, the sessions
 * end, as when the process is killed), with writers on the table and its twin throughout, is
 * resumed from its job row: the table equals the twin. (ProcessIT kills the real process.)
 */
@FirstStepOnly("resuming from the job row runs the SQL the scenarios run on every major")
class ResumeIT {

    /**
     * Dies (an Error, which nothing cleans up after) in the 5th backfill batch, or when the phase
     * named by {@code where} starts ("index": when the catch-up starts, the test then marks the job
     * as in its index phase; "swapped": when the cleanup after the committed swap starts).
     */
    private static RewriteListener crash(Db db, String where) {
        AtomicInteger batches = new AtomicInteger();
        return new RewriteListener() {
            @Override
            public void batchCopied(String table, long rows, Duration took) {
                if (where.startsWith("backfill") && batches.incrementAndGet() == 5) {
                    throw new Error("simulated crash in the backfill");
                }
            }

            private volatile Phase current;

            @Override
            public void phaseStarted(String table, Phase phase) {
                current = phase;
                if (where.equals("catch-up") && phase == Phase.CATCH_UP) {
                    backlog(db);
                }
                if (where.equals("index") && phase == Phase.CATCH_UP
                        || where.equals("cut-over") && phase == Phase.CUT_OVER
                        || where.equals("swapped") && phase == Phase.CLEANUP) {
                    throw new Error("simulated crash at " + phase.label());
                }
            }

            /** After a replay batch of the catch-up committed: the job row says catch-up by then. */
            @Override
            public void batchReplayed(String table, long rows) {
                if (where.equals("catch-up") && current == Phase.CATCH_UP) {
                    throw new Error("simulated crash in the catch-up");
                }
            }
        };
    }

    /**
     * Gives the catch-up more than its cut-over backlog to replay, so that it runs replay batches:
     * a fifth of the rows changed in one transaction, in the table and its twin alike. The writers
     * are kept out meanwhile: between the two statements one could change a row of both tables,
     * seen by the second statement and not by the first.
     */
    private static void backlog(Db db) {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("LOCK TABLE " + db.q("t") + ", " + db.q("t_twin") + " IN SHARE ROW EXCLUSIVE MODE");
            for (String t : List.of(db.q("t"), db.q("t_twin"))) {
                s.execute("UPDATE " + t + " SET v = v || 'b' WHERE id % 5 = 0");
            }
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"backfill", "backfill by insert", "backfill in key order", "backfill, sorted", "index",
        "catch-up", "cut-over", "swapped"})
    void aRunThatDiedIsResumedAndLosesNothing(String where) throws Exception {
        try (Db db = new Db()) {
            ConcurrencyIT.createPair(db);
            RewriteListener crash = crash(db, where);
            try (Writers w = Writers.twin(db.dataSource(), db.q("t"), db.q("t_twin"), 2, where.hashCode(),
                    Duration.ofMillis(2))) {
                w.awaitTransactions(100, Duration.ofSeconds(30));
                assertThatThrownBy(() -> Recast.builder(db.dataSource()).listener(crash).build().repack(db.q("t"), RewriteOptions.builder().batchRows(2_000).targetBatchTime(Duration.ZERO)
                        .copyOrder(where.endsWith("key order") ? CopyOrder.KEY : CopyOrder.PHYSICAL)
                        .copyMethod(where.endsWith("by insert") ? CopyMethod.INSERT : CopyMethod.COPY)
                        .orderBy(where.endsWith("sorted") ? List.of("v") : List.of()).build()))
                        .isInstanceOf(Error.class).hasMessageStartingWith("simulated crash");
                assertThat(db.artifacts()).as("nothing was cleaned up").isNotEmpty();
                if (where.equals("catch-up")) {
                    assertThat(db.queryString("SELECT phase FROM recast.jobs WHERE finished_at IS NULL"))
                            .as("the job row when it died").isEqualTo("catch-up");
                }
                if (where.equals("index")) {
                    // as if it died while building: its indexes are there, its job row says index
                    db.exec("UPDATE recast.jobs SET phase = 'index' WHERE finished_at IS NULL");
                }
                w.awaitTransactions(w.transactions() + 200, Duration.ofSeconds(30));
                RewriteResult r = Recast.builder(db.dataSource()).build().resume(db.q("t"));
                if (where.startsWith("backfill")) {
                    assertThat(r.rowsCopied()).as("counted from where it stopped").isGreaterThan(4 * 2_000);
                }
                w.awaitTransactions(w.transactions() + 200, Duration.ofSeconds(30));
                w.close();
                assertThat(w.errors()).isEmpty();
            }
            assertThat(db.checksum(db.q("t"))).as(db.difference(db.q("t"), db.q("t_twin")))
                    .isEqualTo(db.checksum(db.q("t_twin")));
            assertThat(db.artifacts()).isEmpty();
            assertThatThrownBy(() -> Recast.builder(db.dataSource()).build().resume(db.q("t")))
                    .isInstanceOf(NotEligibleException.class).hasMessageContaining("no unfinished recast job");
        }
    }

    /** recast alter resumes with its changes: they are kept with the job's options and planned again. */
    @ParameterizedTest
    @ValueSource(strings = {"backfill", "catch-up"})
    void anAlterThatDiedIsResumedWithItsChanges(String where) throws Exception {
        try (Db db = new Db()) {
            ConcurrencyIT.createPair(db);
            RewriteListener crash = crash(db, where);
            RewriteOptions alter = RewriteOptions.builder().batchRows(2_000).targetBatchTime(Duration.ZERO).build();
            // no TOAST-sized values: v becomes varchar(100)
            try (Writers w = Writers.twin(db.dataSource(), db.q("t"), db.q("t_twin"), 2, where.hashCode(),
                    Duration.ofMillis(2), new Writers.Limits(false, null))) {
                w.awaitTransactions(100, Duration.ofSeconds(30));
                assertThatThrownBy(() -> Recast.builder(db.dataSource()).listener(crash).build().alter(db.q("t"),
                        Alteration.of("ALTER COLUMN v TYPE varchar(100)"), alter))
                        .isInstanceOf(Error.class).hasMessageStartingWith("simulated crash");
                w.awaitTransactions(w.transactions() + 200, Duration.ofSeconds(30));
                Recast.builder(db.dataSource()).build().resume(db.q("t"));
                w.awaitTransactions(w.transactions() + 200, Duration.ofSeconds(30));
                w.close();
                assertThat(w.errors()).isEmpty();
            }
            assertThat(db.queryString("SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = "
                    + "?::regclass AND attname = 'v'", db.q("t"))).isEqualTo("character varying(100)");
            assertThat(db.checksum(db.q("t"))).as(db.difference(db.q("t"), db.q("t_twin")))
                    .isEqualTo(db.checksum(db.q("t_twin")));
            assertThat(db.artifacts()).isEmpty();
        }
    }

    @org.junit.jupiter.api.Test
    void ddlSinceTheCrashRefusesTheResume() throws Exception {
        try (Db db = new Db()) {
            db.exec("CREATE TABLE t (id bigint PRIMARY KEY, v text)");
            db.fill("t", 5_000);
            RewriteListener crash = new RewriteListener() {
                @Override
                public void phaseStarted(String table, Phase phase) {
                    if (phase == Phase.CATCH_UP) {
                        throw new Error("simulated crash");
                    }
                }
            };
            assertThatThrownBy(() -> Recast.builder(db.dataSource()).listener(crash).build()
                    .repack(db.q("t"), RewriteOptions.builder().build())).isInstanceOf(Error.class);
            db.exec("ALTER TABLE " + db.q("t") + " ADD COLUMN extra int");
            assertThatThrownBy(() -> Recast.builder(db.dataSource()).build().resume(db.q("t")))
                    .isInstanceOf(NotEligibleException.class).hasMessageContaining("definition changed since the job stopped")
                    .hasMessageContaining("recast cleanup");
            // abort, as cleanup, removes what a job whose process died left
            assertThat(Recast.builder(db.dataSource()).build().control(db.q("t"), JobRequest.ABORT)).isEmpty();
            assertThat(db.artifacts()).isEmpty();
        }
    }
}
