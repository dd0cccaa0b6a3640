package io.recast.engine.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recast.engine.Recast;
import io.recast.engine.api.CleanupOptions;
import io.recast.engine.api.CleanupReport;
import io.recast.engine.api.Phase;
import io.recast.engine.api.RewriteListener;
import io.recast.engine.api.RewriteOptions;
import io.recast.engine.testkit.Db;
import java.sql.Connection;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Cleanup never queues in front of the application: what it cannot drop now, it makes harmless. */
class CleanupIT {

    @Test
    void aTriggerThatCannotBeDroppedNowIsDisarmedAndRemovedLater() throws Exception {
        try (Db db = new Db(); Connection reader = db.dataSource().getConnection()) {
            db.exec("CREATE TABLE t (id bigint PRIMARY KEY, v text)");
            db.fill("t", 2_000);
            RewriteListener crash = new RewriteListener() {
                @Override
                public void phaseStarted(String table, Phase p) {
                    if (p == Phase.CATCH_UP) {
                        throw new Error("simulated crash");
                    }
                }
            };
            assertThatThrownBy(() -> Recast.builder(db.dataSource()).listener(crash).build()
                    .repack(db.q("t"), RewriteOptions.builder().build())).isInstanceOf(Error.class);

            reader.setAutoCommit(false);
            reader.createStatement().execute("SELECT count(*) FROM " + db.q("t"));   // holds ACCESS SHARE
            CleanupReport first = Recast.builder(db.dataSource()).build()
                    .cleanup(db.q("t"), CleanupOptions.builder().lockTimeout(Duration.ofMillis(20)).dropTimeout(Duration.ofMillis(300)).build());
            assertThat(first.remaining()).anyMatch(r -> r.startsWith("trigger recast_capture_"))
                    .anyMatch(r -> r.contains("now does nothing"));
            assertThat(first.dropped()).anyMatch(d -> d.startsWith("shadow table"))
                    .anyMatch(d -> d.startsWith("log table"));
            db.exec("UPDATE t SET v = 'after' WHERE id < 10");      // the disarmed trigger does not fail writes
            db.exec("DELETE FROM t WHERE id = 11");
            reader.rollback();

            CleanupReport second = Recast.builder(db.dataSource()).build().cleanup(db.q("t"));
            assertThat(second.remaining()).isEmpty();
            assertThat(second.dropped()).anyMatch(d -> d.startsWith("trigger recast_capture_"));
            assertThat(db.artifacts()).isEmpty();
        }
    }

    /**
     * While a run works on the table, a second run and a clean-up are refused, naming the process
     * that works (the clean-up would remove what the run needs); the run goes on and finishes.
     */
    @Test
    void aSecondRunAndACleanupAreRefusedWhileARunWorks() throws Exception {
        try (Db db = new Db()) {
            db.exec("CREATE TABLE t (id bigint PRIMARY KEY, v text)");
            db.fill("t", 20_000);
            String before = db.checksum("t");
            java.util.List<Throwable> refusals = new java.util.concurrent.CopyOnWriteArrayList<>();
            RewriteListener meddle = new RewriteListener() {
                @Override
                public void batchCopied(String table, long rows, Duration took) {
                    if (!refusals.isEmpty()) {
                        return;
                    }
                    Recast other = Recast.builder(db.dataSource()).build();
                    for (Runnable r : new Runnable[] {() -> other.repack(db.q("t")), () -> other.cleanup(db.q("t"))}) {
                        try {
                            r.run();
                            refusals.add(new AssertionError("not refused"));
                        } catch (RuntimeException e) {
                            refusals.add(e);
                        }
                    }
                }
            };
            Recast.builder(db.dataSource()).listener(meddle).build().repack(db.q("t"),
                    RewriteOptions.builder().batchRows(2_000).targetBatchTime(Duration.ZERO).build());
            assertThat(refusals).hasSize(2).allSatisfy(e -> assertThat(e)
                    .isInstanceOf(io.recast.engine.api.ConcurrentRunException.class)
                    .hasMessageContaining("pid "));
            assertThat(db.checksum("t")).isEqualTo(before);
            assertThat(db.artifacts()).isEmpty();
        }
    }
}
