package io.recast.cli;

import io.recast.engine.Recast;
import io.recast.engine.api.DdlStep;
import io.recast.engine.api.MigrateOptions;
import io.recast.engine.api.MigrationException;
import io.recast.engine.api.MigrationListener;
import io.recast.engine.api.MigrationResult;
import io.recast.engine.api.PlannedStatement;
import io.recast.engine.api.RewriteOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code recast migrate --sql FILE}: runs the statements of the file as {@code recast plan} shows,
 * one after the other, and stops at the first failure, reporting what was applied and what the
 * failed statement left.
 */
@Command(name = "migrate", sortOptions = false, defaultValueProvider = OptionDefaults.class,
        description = {"Run the DDL statements of a file as 'recast plan' shows, statement by statement, each step "
                + "in its own transaction, never queued in front of the application for longer than --lock-timeout.",
            "Every statement is planned first: if one is refused, nothing runs. Each is planned again right before "
                + "it runs. A statement that needs a rewrite runs through the shadow engine, as 'recast alter' with its "
                + "sub-commands as the changes (its progress on stderr as repack's).",
            "The first failure stops the run: stdout lists each statement as applied, FAILED or not run, and the "
                + "state the failed one left (nothing, or e.g. a NOT VALID constraint, with the SQL to finish or "
                + "undo it). Progress goes to stderr."},
        footer = {"%nExit codes: 0 all applied; 3 refused before anything ran; 5 a lock was not granted within the "
                + "attempts; 7 a statement failed (the message carries the SQLSTATE); the others as listed in "
                + "'recast --help'.",
            "Durations take a unit: 200ms, 5s, 2m, 1h."})
public final class MigrateCommand extends DatabaseCommand {
    @Option(names = "--sql", required = true, paramLabel = "FILE",
            description = "The SQL file, as for 'recast plan'.")
    Path sql;

    @Option(names = "--lock-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "lock_timeout of each step that takes a lock (default: ${DEFAULT-VALUE}).")
    Duration lockTimeout;

    @Option(names = "--max-attempts", paramLabel = "N",
            description = "Attempts of a step whose lock was not granted before the run stops (default: ${DEFAULT-VALUE}).")
    int maxAttempts;

    @Option(names = "--index-lock-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            defaultValue = "0ms",
            description = "lock_timeout of CREATE INDEX, REINDEX and DROP INDEX CONCURRENTLY, which block neither "
                    + "reads nor writes but wait for every older transaction; 0ms waits as long as it takes "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration indexLockTimeout;

    @Override
    int run(Database db) {
        MigrateOptions options = MigrateOptions.builder().lockTimeout(lockTimeout).maxAttempts(maxAttempts)
                .indexLockTimeout(indexLockTimeout).build();
        String script = PlanCommand.read(sql);
        PrintWriter err = err();
        ProgressPrinter printer = new ProgressPrinter(err, System.console() != null, java.time.Clock.systemUTC());
        Recast recast = Recast.builder(db.pool()).listener(printer).build();
        MigrationResult r;
        MigrationException failed = null;
        try (ShutdownGuard guard = ShutdownGuard.install(recast, printer)) {
            r = recast.migrate(script, options, RewriteOptions.builder().lockTimeout(lockTimeout)
                    .maxAttempts(maxAttempts).build(), progress(err));
        } catch (MigrationException e) {
            failed = e;
            r = e.result();
        } finally {
            printer.finish();
        }
        PrintWriter out = out();
        out.print(DdlRenderer.migration(r));
        out.flush();
        if (failed != null) {
            err.println(ErrorHandler.PREFIX + failed.getMessage());
            err.flush();
            return ExitCodes.of(failed.kind());
        }
        return ExitCodes.OK;
    }

    private static MigrationListener progress(PrintWriter err) {
        return new MigrationListener() {
            @Override
            public void statementStarted(PlannedStatement p) {
                err.println("recast: " + p.source().label() + ": " + DdlRenderer.oneLine(p.source().sql()) + " ("
                        + p.strategy() + ", " + p.steps().size() + " step(s))");
                err.flush();
            }

            @Override
            public void stepStarted(PlannedStatement p, int step, DdlStep s, int attempt) {
                err.println("recast:   step " + step + (attempt > 1 ? ", attempt " + attempt : "") + ": "
                        + DdlRenderer.oneLine(s.sql()) + (s.lock() == null ? "" : " [" + s.lock().label() + "]"));
                err.flush();
            }

            @Override
            public void retrying(PlannedStatement p, int step, DdlStep s, int attempt, String why, Duration backoff) {
                err.println("recast: warning: step " + step + " attempt " + attempt + " failed (" + DdlRenderer.oneLine(why)
                        + "); retrying in " + backoff.toMillis() + " ms");
                err.flush();
            }

            @Override
            public void stepDone(PlannedStatement p, int step, DdlStep s, Duration took) {
                err.println("recast:   step " + step + " done in " + took.toMillis() + " ms");
                err.flush();
            }

            @Override
            public void warning(PlannedStatement p, String message) {
                err.println("recast: warning: " + message);
                err.flush();
            }
        };
    }
}
