package io.recast.cli;

import com.zaxxer.hikari.HikariDataSource;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What every command that talks to the database shares: {@code --help}, the connection options,
 * {@code -v}, stdout and stderr as the command line has them, and the pool, closed when the
 * command is done.
 *
 * <p>picocli lists a superclass's options first; the connection, logging and metrics options
 * carry an {@code order} (the constants below) so that, with {@code sortOptions = false}, the help
 * still lists each command's own options first and these after them.
 */
abstract class DatabaseCommand implements Callable<Integer> {
    /** Help order of the connection options ({@link ConnectionOptions}). */
    static final int CONNECTION_ORDER = 1;
    /** Help order of {@code -v} ({@link LoggingMixin}). */
    static final int LOGGING_ORDER = 2;
    /** Help order of the metrics options ({@link MetricsOptions}). */
    static final int METRICS_ORDER = 3;
    /** Help order of alter's own options, listed after everything it shares with repack. */
    static final int ALTER_ORDER = 4;

    @Spec
    CommandSpec spec;

    @Option(names = "--help", usageHelp = true, description = "Show this help and exit.")
    private boolean help;

    @Mixin
    ConnectionOptions connection;

    @Mixin
    LoggingMixin logging;

    /** Runs {@link #run} and closes the pool it opened, if it opened one. */
    @Override
    public final Integer call() {
        try (Database db = new Database(connection)) {
            return run(db);
        }
    }

    /**
     * What the command does. It checks its own options first and then asks {@code db} for the pool,
     * so that invalid options fail (exit 2) before any connection attempt.
     *
     * @return the exit code
     */
    abstract int run(Database db);

    /** Where the command's output goes: the command line's stdout, never {@code System.out}. */
    final PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** Where progress, warnings and errors go: the command line's stderr. */
    final PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** The connection, resolved and opened when first asked for. */
    static final class Database implements AutoCloseable {
        private final ConnectionOptions options;
        private ConnectionSettings settings;
        private HikariDataSource pool;

        Database(ConnectionOptions options) {
            this.options = options;
        }

        /** Settings already resolved: another database of the same server, say. */
        Database(ConnectionSettings settings) {
            this.options = null;
            this.settings = settings;
        }

        /**
         * The connection options with the environment's defaults (PGHOST, PGUSER, ...).
         *
         * @throws io.recast.engine.api.InvalidOptionsException for options that contradict each other
         */
        ConnectionSettings settings() {
            if (settings == null) {
                settings = options.resolve(System.getenv(), System.getProperty("user.name"));
            }
            return settings;
        }

        /**
         * The pool, opened with its first connection on the first call.
         *
         * @throws io.recast.engine.api.DatabaseException when the first connection fails
         */
        HikariDataSource pool() {
            if (pool == null) {
                pool = settings().open();
            }
            return pool;
        }

        @Override
        public void close() {
            if (pool != null) {
                pool.close();
            }
        }
    }
}
