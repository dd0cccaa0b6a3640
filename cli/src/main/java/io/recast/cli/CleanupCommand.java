package io.recast.cli;

import io.recast.engine.Recast;
import io.recast.engine.api.CleanupOptions;
import io.recast.engine.api.CleanupReport;
import io.recast.engine.api.RewriteListener;
import java.io.PrintWriter;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code recast cleanup --table T}: removes whatever runs on the table left behind, e.g. after
 * the process was killed. Safe to run twice; refuses (exit 4) while a run is alive on the table,
 * and exits with 5 when a drop did not get its lock in time (what is left is listed).
 */
@Command(name = "cleanup", sortOptions = false, defaultValueProvider = OptionDefaults.class,
        description = "Remove what an interrupted run on the table left behind: triggers, change log, shadow "
                + "and old table, unfinished job records, and the recast schema when nothing needs it.",
        footer = {"%nThe exit codes are listed in 'recast --help'."})
public final class CleanupCommand extends DatabaseCommand {
    @Option(names = "--table", required = true, paramLabel = "TABLE",
            description = "The table, as PostgreSQL parses it: orders, public.orders, 'acc.\"Mixed Case\"'.")
    String table;

    @Option(names = "--lock-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "lock_timeout of each drop, so that cleanup never queues behind the application "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration lockTimeout;

    @Option(names = "--drop-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long each drop retries, with backoff, before it is reported as left with the "
                    + "sessions that held it up (default: ${DEFAULT-VALUE}).")
    Duration dropTimeout;

    @Override
    int run(Database db) {
        CleanupOptions options = CleanupOptions.builder().lockTimeout(lockTimeout).dropTimeout(dropTimeout).build();
        PrintWriter err = err();
        RewriteListener warnings = new RewriteListener() {
            @Override
            public void warning(String t, String message) {
                err.println("recast: warning: " + message);
                err.flush();
            }
        };
        CleanupReport report = Recast.builder(db.pool()).listener(warnings).build()
                .cleanup(table, options);
        PrintWriter out = out();
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
