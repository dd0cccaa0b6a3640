package io.recast.cli;

import io.recast.engine.api.RewriteException;
import java.io.PrintWriter;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IExitCodeExceptionMapper;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;
import picocli.CommandLine;

/**
 * Prints failures as one line, {@code recast: error: <message>}, and returns the exit code. The
 * engine's messages already say what failed, on which object and what to do (and the SQLSTATE for
 * database errors), so the message is printed as it is. Stack traces only with {@code -v}.
 */
final class ErrorHandler implements IExecutionExceptionHandler, IParameterExceptionHandler {
    static final String PREFIX = "recast: error: ";

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
        PrintWriter err = cmd.getErr();
        boolean expected = ex instanceof RewriteException;
        err.println(PREFIX + (expected ? ex.getMessage() : "unexpected " + ex));
        if (verbosity(cmd) > 0) {
            ex.printStackTrace(err);
        } else if (!expected) {
            err.println("recast: run again with -v for the stack trace, and please report it");
        }
        err.flush();
        IExitCodeExceptionMapper mapper = cmd.getExitCodeExceptionMapper();
        return (mapper != null ? mapper : new ExitCodes()).getExitCode(ex);
    }

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println(PREFIX + ex.getMessage());
        UnmatchedArgumentException.printSuggestions(ex, err);
        err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return cmd.getCommandSpec().exitCodeOnInvalidInput();
    }

    private static int verbosity(CommandLine cmd) {
        return cmd.getCommandSpec().root().userObject() instanceof Main m ? m.verbosity() : 0;
    }
}
