package io.recast.cli;

import com.zaxxer.hikari.HikariDataSource;
import io.recast.engine.Recast;
import io.recast.engine.api.CleanupOptions;
import io.recast.engine.api.CleanupReport;
import io.recast.engine.api.RewriteListener;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code recast cleanup --table T}: removes whatever runs on the table left behind, e.g. after
 * the process was killed. Safe to run twice; refuses (exit 4) while a run is alive on the table,
 * and exits with 5 when a drop did not get its lock in time (what is left is listed).
 */
@Command(name = "cleanup", sortOptions = false, defaultValueProvider = OptionDefaults.class,
        description = "Remove what an interrupted run on the table left behind: triggers, change log, shadow "
                + "and old table, unfinished job records, and the recast schema when nothing needs it.",
        footer = {"%nThe exit codes are listed in 'recast --help'."})
public final class CleanupCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--help", usageHelp = true, description = "Show this help and exit.")
    private boolean help;

    @Option(names = "--table", required = true, paramLabel = "TABLE",
            description = "The table, as PostgreSQL parses it: orders, public.orders, 'acc.\"Mixed Case\"'.")
    String table;

    @Option(names = "--lock-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "lock_timeout of each drop, so that cleanup never queues behind the application "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration lockTimeout;

    @Option(names = "--max-attempts", paramLabel = "N",
            description = "Attempts of each drop before it is reported as left (default: ${DEFAULT-VALUE}).")
    int maxAttempts;

    @Mixin
    ConnectionOptions connection;

    @Mixin
    LoggingMixin logging;

    @Override
    public Integer call() {
        CleanupOptions options = new CleanupOptions(table, lockTimeout, maxAttempts);
        ConnectionSettings settings = connection.resolve(System.getenv(), System.getProperty("user.name"));
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        RewriteListener warnings = new RewriteListener() {
            @Override
            public void warning(String t, String message) {
                err.println("recast: warning: " + message);
                err.flush();
            }
        };
        try (HikariDataSource ds = settings.open()) {
            CleanupReport report = Recast.builder(ds).listener(warnings).build()
                    .cleanup(options);
            out.print(TextRenderer.cleanup(report, table));
            out.flush();
            if (!report.remaining().isEmpty()) {
                err.println(ErrorHandler.PREFIX + "cleanup of " + report.table() + " left "
                        + String.join(", ", report.remaining()) + "; run it again when the table is quieter");
                return ExitCodes.LOCK_TIMEOUT;
            }
            return ExitCodes.OK;
        }
    }
}
