package io.recast.cli;

import io.recast.engine.Recast;
import io.recast.engine.api.CheckOptions;
import io.recast.engine.api.CheckReport;
import io.recast.engine.api.RewriteOptions;
import java.io.PrintWriter;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code recast check --table T}: the pre-flight check, which changes nothing. The report goes to
 * stdout; the exit code is 0 when no item is FAIL (warnings allowed) and 3 when one is, as repack
 * would then refuse.
 */
@Command(name = "check", sortOptions = false, defaultValueProvider = OptionDefaults.class,
        description = {"Check, changing nothing, what 'repack' would meet on the table, one line per item:",
            "  eligibility            whether repack can rewrite it at all (every reason if not)",
            "  estimated time         from a timed read of its first rows in key order (an estimate)",
            "  disk space             the shadow table and change log against what the table uses now",
            "  long transactions      sessions in a long or idle transaction: they hold back vacuum "
                + "and, holding a lock on the table, the cut-over",
            "  prepared transactions  one holding a lock on the table makes the cut-over impossible (FAIL)",
            "  replication slots      inactive slots keep the run's WAL",
            "  replication lag        standbys replaying behind",
            "  cut-over               what the swap locks, and the sessions holding locks on the table now",
            "Each line starts with OK, WARN or FAIL. 'repack' runs the same checks first: it refuses on a FAIL "
                + "and prints each WARN."},
        footer = {"%nExit codes: 0 no FAIL (warnings allowed), 3 at least one FAIL (repack would refuse); "
                + "the others as listed in 'recast --help'.",
            "Durations take a unit: 200ms, 5s, 2m, 1h (or sums such as 1m30s)."})
public final class CheckCommand extends DatabaseCommand {
    @Mixin
    TableOption table;

    @Option(names = "--long-transaction", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Report transactions open longer than this; sessions idle in a transaction are "
                    + "reported at any age (default: ${DEFAULT-VALUE}).")
    Duration longTransaction;

    @Option(names = "--rebuild-materialized-views",
            description = "Check as 'repack --rebuild-materialized-views' would run: materialized views that "
                    + "read the table are then rebuilt in the swap however long their queries take.")
    boolean rebuildMaterializedViews;

    @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "text",
            description = "text or json: how the report is printed on stdout (default: ${DEFAULT-VALUE}).")
    OutputFormat output;

    @Override
    int run(Database db) {
        CheckOptions checks = CheckOptions.builder().longTransaction(longTransaction).build();
        RewriteOptions options = RewriteOptions.builder().rebuildMaterializedViews(rebuildMaterializedViews).build();
        CheckReport report = Recast.builder(db.pool()).build().check(table.name, options, checks);
        PrintWriter out = out();
        out.print(output == OutputFormat.json ? JsonRenderer.check(report) + "\n" : TextRenderer.check(report));
        out.flush();
        if (!report.hardFailures().isEmpty()) {
            PrintWriter err = err();
            err.println(ErrorHandler.PREFIX + "repack would refuse " + report.table() + ": "
                    + report.hardFailures().size() + " FAIL ("
                    + String.join(", ", report.hardFailures().stream().map(i -> i.name()).toList())
                    + "); the report on stdout says why and what to do");
            err.flush();
            return ExitCodes.NOT_ELIGIBLE;
        }
        return ExitCodes.OK;
    }
}
