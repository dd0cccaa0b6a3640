package io.recast.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.recast.engine.api.RewriteListener;
import io.recast.engine.metrics.MetricsListener;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine;

class MetricsServerTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesTheMetersAsPrometheusTextUntilClosed() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        RewriteListener listener = new MetricsListener(registry, RewriteListener.NONE);
        listener.batchCopied("public.orders", 1_000, Duration.ofMillis(40));
        listener.cutOverAttempt("public.orders", 1, true, Duration.ofMillis(3), Duration.ofMillis(120));
        int port;
        try (MetricsServer server = MetricsServer.start("127.0.0.1", 0, registry)) {
            port = server.port();
            assertThat(port).isPositive();
            HttpResponse<String> r = get(port, "/metrics");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).contains(MetricsServer.CONTENT_TYPE);
            assertThat(r.body()).contains("recast_rows_copied_total{table=\"public.orders\"} 1000.0")
                    .contains("recast_batch_duration_seconds_count{table=\"public.orders\"} 1")
                    .contains("recast_cutover_attempts_total{outcome=\"success\",table=\"public.orders\"} 1.0")
                    .contains("recast_cutover_lock_hold_seconds_sum{outcome=\"success\",table=\"public.orders\"} 0.12");
            // the scrape reads the registry now, not a copy taken at start
            listener.batchCopied("public.orders", 500, Duration.ofMillis(40));
            assertThat(get(port, "/metrics").body()).contains("recast_rows_copied_total{table=\"public.orders\"} 1500.0");
            assertThat(get(port, "/").statusCode()).isEqualTo(404);
            assertThat(HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode()).isEqualTo(405);
        }
        assertThatThrownBy(() -> get(port, "/metrics")).isInstanceOf(ConnectException.class);
    }

    @Test
    void aPortInUseIsNamedInTheError() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> MetricsServer.start("127.0.0.1", port, registry))
                    .isInstanceOf(IOException.class)
                    .hasMessageStartingWith("cannot listen on 127.0.0.1:" + port + ": ")
                    .hasMessageContaining("in use");

            CommandLine.ParseResult pr = Main.commandLine().parseArgs("repack", "--table", "t", "--metrics-port",
                    String.valueOf(port), "--metrics-address", "127.0.0.1");
            RepackCommand c = pr.subcommand().commandSpec().commandLine().getCommand();
            assertThatThrownBy(c.metrics::serve).isInstanceOf(ParameterException.class)
                    .hasMessageStartingWith("--metrics-port " + port + ": cannot listen on 127.0.0.1:" + port)
                    .hasMessageContaining("choose a free port");
        }
    }

    @Test
    void withoutAPortThereIsNoRegistryAndNoServer() {
        CommandLine.ParseResult pr = Main.commandLine().parseArgs("repack", "--table", "t");
        RepackCommand c = pr.subcommand().commandSpec().commandLine().getCommand();
        RewriteListener progress = new RewriteListener() {
        };
        assertThat(c.metrics.port).isZero();
        assertThat(c.metrics.address).isEqualTo("127.0.0.1");
        assertThat(c.metrics.listener(progress)).isSameAs(progress);
        assertThat(c.metrics.serve()).isNull();

        CommandLine.ParseResult on = Main.commandLine().parseArgs("repack", "--table", "t", "--metrics-port", "9187");
        RepackCommand d = on.subcommand().commandSpec().commandLine().getCommand();
        assertThat(d.metrics.listener(progress)).isInstanceOf(MetricsListener.class);
    }

    @Test
    void aPortOutOfRangeIsAUsageError() {
        for (String bad : new String[] {"-1", "65536", "http"}) {
            Cli r = Cli.run("repack", "--table", "t", "--metrics-port", bad);
            assertThat(r.code()).as(r.toString()).isEqualTo(2);
            assertThat(r.err()).as(bad).startsWith("recast: error: ").contains("--metrics-port");
        }
    }

    @Test
    void helpExplainsTheEndpoint() {
        String help = Cli.run("repack", "--help").out().replaceAll("\\s+", " ");
        // picocli may wrap the line after "ADDRESS:"
        assertThat(help).containsPattern("--metrics-port=PORT While the job runs, serve its meters .* as Prometheus "
                        + "text at http://ADDRESS: ?PORT/metrics; 0 means no server and no metrics \\(default: 0\\)")
                .containsPattern("--metrics-address=ADDRESS Address the metrics server .* \\(default: 127.0.0.1\\)");
        assertThat(help.indexOf("--metrics-port=PORT While")).isLessThan(help.indexOf("--metrics-address=ADDRESS Address"));
    }
}
