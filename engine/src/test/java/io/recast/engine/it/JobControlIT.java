package io.recast.engine.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recast.engine.Recast;
import io.recast.engine.api.AbortedException;
import io.recast.engine.api.CutOverWindow;
import io.recast.engine.api.JobRequest;
import io.recast.engine.api.JobStatus;
import io.recast.engine.api.NotEligibleException;
import io.recast.engine.api.RewriteOptions;
import io.recast.engine.api.RewriteResult;
import io.recast.engine.testkit.Db;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** `recast status`, pause, resume and abort through the job table, as another process would use them. */
class JobControlIT {

    private static RewriteOptions slow(Db db) {
        return RewriteOptions.builder().batchRows(500).targetBatchTime(Duration.ZERO)
                .batchPause(Duration.ofMillis(20)).throttleInterval(Duration.ofMillis(50)).build();
    }

    private static JobStatus await(Recast control, String table, Predicate<JobStatus> p) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < until) {
            Optional<JobStatus> j = control.jobs().stream().filter(s -> s.table().equals(table) && !s.finishedJob())
                    .filter(p).findFirst();
            if (j.isPresent()) {
                return j.get();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no job on " + table + " reached the state in 30s: " + control.jobs());
    }

    @Test
    void aRunningJobIsListedPausedAndResumed() throws Exception {
        try (Db db = new Db()) {
            db.exec("CREATE TABLE t (id bigint PRIMARY KEY, v text)");
            db.fill("t", 30_000);
            String table = "\"" + db.schema() + "\".\"t\"";
            Recast control = Recast.builder(db.dataSource()).build();
            CompletableFuture<RewriteResult> run = CompletableFuture.supplyAsync(() ->
                    Recast.builder(db.dataSource()).build().repack(db.q("t"), slow(db)));
            JobStatus running = await(control, table, j -> j.rowsCopied() > 0 && j.rowsEstimate() > 0);
            assertThat(running.alive()).isTrue();
            assertThat(running.phase()).isEqualTo("backfill");
            assertThat(running.rowsEstimate()).isGreaterThan(0);

            control.control(db.q("t"), JobRequest.PAUSE);
            JobStatus paused = await(control, table, j -> j.throttle() != null && j.throttle().startsWith("paused"));
            Thread.sleep(300);
            long copied = control.jobs().stream().filter(j -> j.jobId() == paused.jobId()).findFirst().orElseThrow()
                    .rowsCopied();
            Thread.sleep(300);
            assertThat(control.jobs().stream().filter(j -> j.jobId() == paused.jobId()).findFirst().orElseThrow()
                    .rowsCopied()).as("nothing copied while paused").isEqualTo(copied);
            assertThat(run).isNotDone();

            control.control(db.q("t"), JobRequest.RESUME);
            RewriteResult r = run.get(60, TimeUnit.SECONDS);
            assertThat(r.rowsCopied()).isEqualTo(30_000);
            assertThat(db.artifacts()).isEmpty();
        }
    }

    @Test
    void abortStopsTheJobWhichRemovesWhatItMade() throws Exception {
        try (Db db = new Db()) {
            db.exec("CREATE TABLE t (id bigint PRIMARY KEY, v text)");
            db.fill("t", 30_000);
            long filenode = db.relfilenode(db.q("t"));
            String table = "\"" + db.schema() + "\".\"t\"";
            Recast control = Recast.builder(db.dataSource()).build();
            CompletableFuture<RewriteResult> run = CompletableFuture.supplyAsync(() ->
                    Recast.builder(db.dataSource()).build().repack(db.q("t"), slow(db)));
            await(control, table, j -> j.rowsCopied() > 0);
            control.control(db.q("t"), JobRequest.ABORT);
            assertThatThrownBy(() -> run.get(60, TimeUnit.SECONDS)).hasCauseInstanceOf(AbortedException.class)
                    .hasMessageContaining("aborted by recast abort");
            assertThat(db.relfilenode(db.q("t"))).isEqualTo(filenode);
            assertThat(db.artifacts()).isEmpty();
            assertThatThrownBy(() -> control.control(db.q("t"), JobRequest.PAUSE))
                    .isInstanceOf(NotEligibleException.class).hasMessageContaining("no running recast job");
        }
    }

    @Test
    void aManualCutOverWaitsInSyncUntilAsked() throws Exception {
        try (Db db = new Db()) {
            db.exec("CREATE TABLE t (id bigint PRIMARY KEY, v text)");
            db.fill("t", 5_000);
            String table = "\"" + db.schema() + "\".\"t\"";
            Recast control = Recast.builder(db.dataSource()).build();
            CompletableFuture<RewriteResult> run = CompletableFuture.supplyAsync(() -> Recast.builder(db.dataSource())
                    .build().repack(db.q("t"), RewriteOptions.builder().manualCutOver(true)
                            .throttleInterval(Duration.ofMillis(50)).build()));
            await(control, table, j -> j.throttle() != null && j.throttle().startsWith("waiting for recast cut-over"));
            db.exec("UPDATE " + db.q("t") + " SET v = 'while waiting' WHERE id <= 10");
            await(control, table, j -> j.rowsReplayed() >= 10);   // kept in sync
            assertThat(run).isNotDone();
            control.control(db.q("t"), JobRequest.CUTOVER);
            RewriteResult r = run.get(60, TimeUnit.SECONDS);
            assertThat(r.rowsReplayed()).isGreaterThanOrEqualTo(10);
            assertThat(db.queryLong("SELECT count(*) FROM " + db.q("t") + " WHERE v = 'while waiting'")).isEqualTo(10);
            assertThat(db.artifacts()).isEmpty();
        }
    }

    /** A clock whose time the test moves. */
    private static final class MovableClock extends Clock {
        private volatile Duration offset;

        MovableClock(LocalTime at) {
            LocalTime now = LocalTime.now();
            offset = Duration.between(now, at);
        }

        void moveTo(LocalTime at) {
            offset = Duration.between(LocalTime.now(), at);
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneId.systemDefault();
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(offset);
        }
    }

    @Test
    void aCutOverWindowIsWaitedFor() throws Exception {
        try (Db db = new Db()) {
            db.exec("CREATE TABLE t (id bigint PRIMARY KEY, v text)");
            db.fill("t", 5_000);
            String table = "\"" + db.schema() + "\".\"t\"";
            MovableClock clock = new MovableClock(LocalTime.of(1, 0));
            Recast control = Recast.builder(db.dataSource()).build();
            CompletableFuture<RewriteResult> run = CompletableFuture.supplyAsync(() -> Recast.builder(db.dataSource())
                    .clock(clock).build().repack(db.q("t"), RewriteOptions.builder()
                            .cutOverWindow(CutOverWindow.parse("02:00-04:00"))
                            .throttleInterval(Duration.ofMillis(50)).build()));
            await(control, table, j -> "waiting for the cut-over window 02:00-04:00".equals(j.throttle()));
            Thread.sleep(300);
            assertThat(run).isNotDone();
            clock.moveTo(LocalTime.of(2, 30));
            assertThat(run.get(60, TimeUnit.SECONDS).rowsCopied()).isEqualTo(5_000);
            assertThat(db.artifacts()).isEmpty();
        }
    }
}
