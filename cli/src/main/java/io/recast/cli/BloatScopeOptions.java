package io.recast.cli;

import io.recast.engine.Recast;
import io.recast.engine.api.BloatOptions;
import io.recast.engine.api.ErrorKind;
import io.recast.engine.api.InvalidOptionsException;
import io.recast.engine.api.RewriteException;
import java.io.PrintWriter;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * What {@code bloat} and {@code maintain} share: which databases and schema, the thresholds of a
 * rewrite and a VACUUM, and how the bloat is measured. (Their minimum sizes differ: each has its own.)
 */
final class BloatScopeOptions {
    @Option(names = "--all-databases",
            description = "Every database of the server the user may connect to (templates left out), one after "
                    + "the other; -d names the one to connect to first.")
    boolean allDatabases;

    @Option(names = "--schema", paramLabel = "SCHEMA",
            description = "Only this schema (default: every schema but pg_catalog, information_schema and recast's).")
    String schema;

    @Option(names = "--min-bloat", paramLabel = "PERCENT", defaultValue = "30",
            description = "A rewrite (repack, reindex) is due from this share of the size reclaimable "
                    + "(default: ${DEFAULT-VALUE}).")
    int minBloat;

    @Option(names = "--min-dead", paramLabel = "PERCENT", defaultValue = "20",
            description = "A VACUUM is due from this share of dead rows, when no rewrite is (default: ${DEFAULT-VALUE}).")
    int minDead;

    @Option(names = "--method", paramLabel = "METHOD", defaultValue = "auto",
            description = "How to measure the bloat: auto, exact or estimate (default: ${DEFAULT-VALUE}: exact where "
                    + "pgstattuple can be used, else estimate; exact refuses where it cannot).")
    String method;

    /** auto, exact or estimate, as --method takes them. */
    static BloatOptions.Method method(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "auto" -> BloatOptions.Method.AUTO;
            case "exact" -> BloatOptions.Method.EXACT;
            case "estimate" -> BloatOptions.Method.ESTIMATE;
            default -> throw new InvalidOptionsException("--method must be auto, exact or estimate, was " + value);
        };
    }

    /** What to do in one database. */
    interface InDatabase {
        void run(DatabaseCommand.Database db);
    }

    /**
     * Does {@code work} in the database connected to, or with --all-databases in each of the server's,
     * in turn, on a pool of its own. With --all-databases one database's failure is printed and the
     * others go on (an abort, SIGINT or SIGTERM, stops them all); without, it is thrown.
     *
     * @return the exit code of the first database that failed, 0 when none did
     */
    int forEachDatabase(DatabaseCommand.Database db, PrintWriter err, InDatabase work) {
        if (!allDatabases) {
            work.run(db);
            return ExitCodes.OK;
        }
        int exit = ExitCodes.OK;
        for (String name : Recast.builder(db.pool()).build().databases()) {
            try (DatabaseCommand.Database other = new DatabaseCommand.Database(db.settings().withDatabase(name))) {
                work.run(other);
            } catch (RewriteException e) {
                if (e.kind() == ErrorKind.ABORTED) {
                    throw e;   // SIGINT or SIGTERM: no other database either
                }
                err.println("recast: error: database " + name + ": " + e.getMessage());
                err.flush();
                exit = exit == ExitCodes.OK ? ExitCodes.of(e.kind()) : exit;
            }
        }
        return exit;
    }
}
