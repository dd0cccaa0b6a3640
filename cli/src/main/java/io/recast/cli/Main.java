package io.recast.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * {@code recast}: online table rewrites for PostgreSQL. The top command only dispatches to
 * {@code repack}, {@code check} and {@code cleanup}; it owns the error handling, the exit codes and
 * the logging set-up, so every subcommand fails the same way.
 *
 * <p>{@link #main} exits the JVM; tests call {@link #run} or {@link #commandLine()} instead.
 */
@Command(name = "recast",
        description = "Rewrites a PostgreSQL table online, like pg_repack but without a server extension: "
                + "the table stays readable and writable but for a short swap at the end. 'bloat' finds what needs "
                + "it, 'maintain' fixes it inside a nightly window, 'history' shows what was done.",
        subcommands = {RepackCommand.class, AlterCommand.class, CheckCommand.class, StatusCommand.class, ControlCommand.Pause.class,
            ControlCommand.Resume.class, ControlCommand.Abort.class, ControlCommand.CutOver.class, CleanupCommand.class,
            PlanCommand.class, MigrateCommand.class, BloatCommand.class, MaintainCommand.class, HistoryCommand.class},
        versionProvider = VersionProvider.class,
        synopsisSubcommandLabel = "COMMAND",
        sortOptions = false,
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success (--dry-run: the plan was printed; check: no FAIL, warnings allowed)",
            "1:unexpected error (a bug: run again with -v and report it)",
            "2:invalid options or usage; nothing was touched",
            "3:refused: the table cannot be rewritten as it is (or does not exist); nothing was touched "
                + "(check: a FAIL was found)",
            "4:another recast run works on the table (maintain: another maintain runs on the database)",
            "5:a lock was not granted in time: the cut-over's (the table is as it was), or a drop's in cleanup "
                + "(it lists what is left)",
            "6:aborted (SIGINT or SIGTERM, or the table was truncated meanwhile); the run removed what it created",
            "7:database error; the message carries the SQLSTATE",
            "8:--verify found the new table different from the old one (the message names the first keys); "
                + "nothing was swapped, the run removed what it created",
            "9:maintain: some actions failed (the others were done)",
            "10:maintain: the window closed with work left, or is not open",
        },
        footer = {"%nRun 'recast COMMAND --help' for a command's options."})
public final class Main implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--help", usageHelp = true, description = "Show this help and exit.")
    private boolean help;

    @Option(names = {"-V", "--version"}, versionHelp = true, description = "Print the version and exit.")
    private boolean version;

    @Mixin
    private LoggingMixin logging;

    private int verbosity;

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        int code = run(args, out, err);
        ShutdownGuard.exiting(code);
        System.exit(code);
    }

    /** Runs one command line and returns its exit code; never exits the JVM. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cmd = commandLine();
        cmd.setOut(out);
        cmd.setErr(err);
        try {
            return cmd.execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** The configured command line: handlers, exit codes, logging set-up before execution. */
    public static CommandLine commandLine() {
        Main main = new Main();
        CommandLine cmd = new CommandLine(main);
        configure(cmd);
        cmd.setCaseInsensitiveEnumValuesAllowed(true);
        cmd.setExecutionStrategy(parseResult -> {
            Logging.configure(main.verbosity);
            return new CommandLine.RunLast().execute(parseResult);
        });
        return cmd;
    }

    /** Error handling and exit codes, for this command and its subcommands. */
    static CommandLine configure(CommandLine cmd) {
        ErrorHandler handler = new ErrorHandler();
        cmd.setExecutionExceptionHandler(handler);
        cmd.setParameterExceptionHandler(handler);
        cmd.setExitCodeExceptionMapper(new ExitCodes());
        return cmd;
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        err.println("recast: error: missing command: repack, check, status, pause, resume, abort, cut-over, cleanup, plan, migrate, bloat, maintain or history (see recast --help)");
        spec.commandLine().usage(err);
        return ExitCodes.USAGE;
    }

    int verbosity() {
        return verbosity;
    }

    void raiseVerbosity(int v) {
        verbosity = Math.max(verbosity, v);
    }
}
