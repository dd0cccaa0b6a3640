package io.recast.cli;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.recast.engine.api.RewriteListener;
import io.recast.engine.metrics.MetricsListener;
import java.io.IOException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code --metrics-port} and {@code --metrics-address}: the job's meters, served as Prometheus
 * text while it runs. Without a port there is no registry and nothing is recorded.
 *
 * <pre>{@code
 * Recast rewriter = Recast.builder(ds).listener(metrics.listener(progress)).build();
 * try (MetricsServer server = metrics.serve()) { ... }   // null (nothing to close) without a port
 * }</pre>
 */
public final class MetricsOptions {
    static final String DEFAULT_ADDRESS = "127.0.0.1";

    @Spec(Spec.Target.MIXEE)
    private CommandSpec mixee;

    private PrometheusMeterRegistry registry;

    // fields, not setters: picocli lists options in the order reflection returns them, which is the
    // declaration order for fields but unspecified for methods
    @Option(names = "--metrics-port", paramLabel = "PORT", defaultValue = "0", converter = PortConverter.class,
            order = DatabaseCommand.METRICS_ORDER,
            description = "While the job runs, serve its meters (rows copied and replayed, backlog, batch "
                    + "duration, throttling, cut-over lock wait, hold and attempts) as Prometheus text at "
                    + "http://ADDRESS:PORT/metrics; 0 means no server and no metrics (default: ${DEFAULT-VALUE}). "
                    + "Ignored with --dry-run.")
    int port;

    @Option(names = "--metrics-address", paramLabel = "ADDRESS", defaultValue = DEFAULT_ADDRESS,
            order = DatabaseCommand.METRICS_ORDER,
            description = "Address the metrics server listens on; 0.0.0.0 for every interface, so that a "
                    + "Prometheus on another host can scrape it (default: ${DEFAULT-VALUE}).")
    String address;

    /** 0 (off) or a TCP port. */
    static final class PortConverter implements picocli.CommandLine.ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            int port;
            try {
                port = Integer.parseInt(value.strip());
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 0 || port > 65_535) {
                throw new picocli.CommandLine.TypeConversionException("must be 0 (off) or a port from 1 to 65535, was "
                        + value);
            }
            return port;
        }
    }

    /** {@code progress} alone without a port; else a listener that also records the meters. */
    RewriteListener listener(RewriteListener progress) {
        if (port == 0) {
            return progress;
        }
        return new MetricsListener(registry(), progress);
    }

    /**
     * Starts the server for the meters of {@link #listener}; null without a port. A port that cannot
     * be bound is a usage error (exit 2), raised before the job touches anything.
     */
    MetricsServer serve() {
        if (port == 0) {
            return null;
        }
        try {
            return MetricsServer.start(address, port, registry());
        } catch (IOException e) {
            throw new ParameterException(mixee.commandLine(), "--metrics-port " + port + ": " + e.getMessage()
                    + "; choose a free port, or leave --metrics-port out to run without metrics");
        }
    }

    /** The registry that the listener records into and the server reads, made on first use. */
    PrometheusMeterRegistry registry() {
        if (registry == null) {
            registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        }
        return registry;
    }
}
