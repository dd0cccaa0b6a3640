package io.recast.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recast.engine.testkit.Db;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** {@code repack --metrics-port}: the meters are served while the job runs, and only then. */
class MetricsCommandIT {

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    @Test
    void servesTheJobsMetersWhileItRuns() throws Exception {
        try (Db db = new Db()) {
            db.exec("CREATE TABLE t (id bigint PRIMARY KEY, v text)");
            db.fill("t", 20_000);
            int port = freePort();
            AtomicBoolean done = new AtomicBoolean();
            java.util.regex.Pattern copied = java.util.regex.Pattern.compile("recast_rows_copied_total\\{[^}]*\\} [1-9]");
            // scrapes until it sees rows copied, for as long as the job runs
            CompletableFuture<String> scraped = CompletableFuture.supplyAsync(() -> {
                while (!done.get()) {
                    try {
                        HttpResponse<String> r = MetricsServerTest.get(port, "/metrics");
                        // the counter is there from the start at 0: wait for a batch to be counted
                        if (r.statusCode() == 200 && copied.matcher(r.body()).find()) {
                            return r.body();
                        }
                    } catch (java.io.IOException notYet) {
                        // the server starts once the command has connected
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return null;
                    }
                    try {
                        Thread.sleep(10);
                    } catch (InterruptedException e) {
                        return null;
                    }
                }
                return null;
            });
            Cli r;
            try {
                r = Cli.run(Conn.args("repack", "--table", db.q("t"), "--batch-size", "500", "--target-batch-time", "0ms",
                        "--batch-pause", "25ms",
                        "--metrics-port", String.valueOf(port)));
            } finally {
                done.set(true);
            }
            assertThat(r.code()).as(r.toString()).isZero();
            String body = scraped.get(30, TimeUnit.SECONDS);
            assertThat(body).as("a scrape during the run").isNotNull()
                    // the table as the engine names it, its quotes escaped: "\"schema\".\"t\""
                    .containsPattern("recast_rows_copied_total\\{table=\"\\\\\"" + db.schema()
                            + "\\\\\"\\.\\\\\"t\\\\\"\"\\} [1-9]")
                    .contains("# TYPE recast_backlog gauge").contains("# TYPE recast_throttled gauge");
            assertThatThrownBy(() -> MetricsServerTest.get(port, "/metrics")).as("closed when the job ended")
                    .isInstanceOf(ConnectException.class);
            assertThat(db.artifacts()).isEmpty();
        }
    }

    @Test
    void aPortInUseIsAUsageErrorAndTouchesNothing() throws Exception {
        try (Db db = new Db(); ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            db.exec("CREATE TABLE t (id bigint PRIMARY KEY, v text)");
            db.fill("t", 1_000);
            long filenode = db.relfilenode(db.q("t"));
            int port = taken.getLocalPort();
            Cli r = Cli.run(Conn.args("repack", "--table", db.q("t"), "--metrics-port", String.valueOf(port)));
            assertThat(r.code()).as(r.toString()).isEqualTo(2);
            assertThat(r.err()).startsWith("recast: error: --metrics-port " + port + ": cannot listen on 127.0.0.1:"
                    + port).contains("choose a free port").doesNotContain("\tat ");
            assertThat(r.out()).isEmpty();
            assertThat(db.relfilenode(db.q("t"))).isEqualTo(filenode);
            assertThat(db.artifacts()).isEmpty();
        }
    }
}
