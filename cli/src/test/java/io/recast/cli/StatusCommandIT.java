package io.recast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.recast.engine.testkit.Db;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class StatusCommandIT {

    @Test
    void statusListsARunningJobAndPauseResumeReachIt() throws Exception {
        try (Db db = new Db()) {
            db.exec("CREATE TABLE t (id bigint PRIMARY KEY, v text)");
            db.fill("t", 30_000);
            Cli none = Cli.run(Conn.args("pause", "--table", db.q("t")));
            assertThat(none.code()).as(none.toString()).isEqualTo(ExitCodes.NOT_ELIGIBLE);
            assertThat(none.err()).contains("no running recast job");

            CompletableFuture<Cli> run = CompletableFuture.supplyAsync(() -> Cli.run(Conn.args("repack", "--table",
                    db.q("t"), "--batch-size", "500", "--target-batch-time", "0ms", "--batch-pause", "20ms",
                    "--throttle-interval", "50ms")));
            String line = "job ";
            Cli status = null;
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < until) {
                status = Cli.run(Conn.args("status"));
                if (status.out().contains("\"" + db.schema() + "\".\"t\": running") && status.out().contains("phase backfill")) {
                    break;
                }
                Thread.sleep(20);
            }
            assertThat(status.code()).isZero();
            assertThat(status.out()).contains(line).contains("\"" + db.schema() + "\".\"t\": running (pid ")
                    .contains("phase backfill, copied ");
            Cli paused = Cli.run(Conn.args("pause", "--table", db.q("t")));
            assertThat(paused.code()).as(paused.toString()).isZero();
            assertThat(paused.out()).contains("asked to pause");
            Cli json = null;
            until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < until) {
                json = Cli.run(Conn.args("status", "--output", "json"));
                if (json.out().contains("\"throttle\":\"paused")) {
                    break;
                }
                Thread.sleep(20);
            }
            assertThat(json.out()).contains("\"throttle\":\"paused by recast pause");
            List<?> jobs = (List<?>) MiniJson.parse(json.out());
            assertThat(jobs).isNotEmpty();
            assertThat(Cli.run(Conn.args("resume", "--table", db.q("t"))).code()).isZero();
            Cli done = run.get(60, TimeUnit.SECONDS);
            assertThat(done.code()).as(done.toString()).isZero();
            assertThat(db.artifacts()).isEmpty();
        }
    }
}
