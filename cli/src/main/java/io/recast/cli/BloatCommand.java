package io.recast.cli;

import io.recast.engine.Recast;
import io.recast.engine.api.BloatOptions;
import io.recast.engine.api.BloatReport;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code recast bloat}: the tables and indexes of one database, or of every database of the server,
 * with their bloat and what to do about each. Changes nothing.
 */
@Command(name = "bloat", sortOptions = false,
        description = {"Measure the bloat of the database's tables (partitions included) and indexes, changing "
                + "nothing: size, how much a rewrite would give back, live and dead rows, the last (auto)vacuum and "
                + "analyze, and what to do about each, with the reason:",
            "  repack   the table has at least --min-bloat percent to give back: recast repack",
            "  reindex  only the index is bloated (or INVALID): REINDEX INDEX CONCURRENTLY",
            "  vacuum   at least --min-dead percent of its rows are dead: a VACUUM makes their space reusable",
            "  none     nothing worth a rewrite (the reason says how far below the threshold)",
            "Two ways to measure, chosen by --method and named in the output: 'exact' runs pgstattuple_approx "
                + "and pgstatindex (the pgstattuple extension, which ships with PostgreSQL; the role needs "
                + "pg_stat_scan_tables or superuser; reads the pages of each table and btree index), 'estimate' "
                + "uses the planner's statistics (any role, reads only the catalog; says where statistics are "
                + "missing or stale). The default uses exact where it can.",
            "Most reclaimable first. With --output prometheus the figures are written in Prometheus' text format, "
                + "for node_exporter's textfile collector (write to a temporary file and rename it into the "
                + "collector's directory)."},
        footer = {"%nExit codes: 0 measured; 7 a database could not be read (with --all-databases the others are "
                + "still reported); the others as listed in 'recast --help'.",
            "Sizes take a unit: 512kB, 100MB, 2GB."})
public final class BloatCommand extends DatabaseCommand {
    /** How {@code bloat} prints. */
    enum Output { text, json, prometheus }

    @Mixin
    BloatScopeOptions scope;

    @Option(names = "--table", paramLabel = "PATTERN",
            description = "Only tables whose name or schema.name matches, with their indexes: * stands for any "
                    + "characters, ? for one (quote it for the shell), e.g. 'orders_*'.")
    String table;

    @Option(names = "--min-size", paramLabel = "SIZE", converter = ByteSizeConverter.class, defaultValue = "1MB",
            description = "Leave out tables and indexes smaller than this (default: ${DEFAULT-VALUE}).")
    long minSize;

    @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "text",
            description = "text, json or prometheus (default: ${DEFAULT-VALUE}).")
    Output output;

    @Override
    int run(Database db) {
        BloatOptions options = BloatOptions.builder().schema(scope.schema).tablePattern(table).minSizeBytes(minSize)
                .minBloatPercent(scope.minBloat).minDeadPercent(scope.minDead)
                .method(BloatScopeOptions.method(scope.method)).build();
        List<BloatReport> reports = new ArrayList<>();
        int exit = scope.forEachDatabase(db, err(), d -> reports.add(Recast.builder(d.pool()).build().bloat(options)));
        PrintWriter out = out();
        out.print(switch (output) {
            case text -> BloatRenderer.text(reports);
            case json -> BloatRenderer.json(reports) + "\n";
            case prometheus -> BloatRenderer.prometheus(reports);
        });
        out.flush();
        return exit;
    }
}
