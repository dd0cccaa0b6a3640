package io.recast.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code -v} and {@code -vv}, accepted before or after the subcommand. The count is kept on the
 * top command ({@link Main}), which configures logging before any command runs.
 */
public final class LoggingMixin {
    @Spec(Spec.Target.MIXEE)
    private CommandSpec mixee;

    @Option(names = {"-v", "--verbose"}, order = DatabaseCommand.LOGGING_ORDER,
            description = {"More output on stderr: -v logs the engine's phases and progress (info) and prints the "
                    + "stack trace of an error; -vv also logs every SQL statement with its duration (debug)."})
    void setVerbose(boolean[] verbose) {
        if (mixee.root().userObject() instanceof Main main) {
            main.raiseVerbosity(verbose.length);
        }
    }
}
