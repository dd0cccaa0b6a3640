package io.recast.cli;

import io.recast.engine.api.DdlPlan;
import io.recast.engine.api.InvalidOptionsException;
import io.recast.engine.Recast;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code recast plan --sql FILE}: for each DDL statement of the file, what PostgreSQL would lock
 * and for how long, and how {@code recast migrate} will run it. Changes nothing.
 */
@Command(name = "plan", sortOptions = false,
        description = {"Show, changing nothing, what each DDL statement of a file locks when run as written, for how "
                + "long, and how 'recast migrate' runs it instead:",
            "  DIRECT                   metadata only (add a nullable column or one with a constant default, drop a "
                + "column, widen varchar, renames, comments): as written, under a short lock_timeout, retried",
            "  CONCURRENT_INDEX         CREATE INDEX, REINDEX, DROP INDEX: CONCURRENTLY; an INVALID index a failure "
                + "leaves is dropped, then retried",
            "  NOT_VALID_THEN_VALIDATE  ADD FOREIGN KEY, ADD CHECK: added NOT VALID, then validated under SHARE "
                + "UPDATE EXCLUSIVE",
            "  NOT_NULL_VIA_CHECK       SET NOT NULL: a NOT VALID CHECK (col IS NOT NULL), VALIDATE, SET NOT NULL "
                + "(no scan), drop the check",
            "  REWRITE                  type changes that are not binary coercible, volatile defaults, SET "
                + "TABLESPACE, SET LOGGED/UNLOGGED: the shadow engine (recast alter)",
            "  REFUSED                  the reason says what to do instead",
            "Whether an ALTER TABLE rewrites, builds an index or scans is asked of the server: its sub-commands run "
                + "on an empty temporary copy of the table, rolled back. Names resolve with the connection's "
                + "search_path, as in psql."},
        footer = {"%nExit codes: 0 every statement can run, 3 one is refused (migrate would run none); the others "
                + "as listed in 'recast --help'."})
public final class PlanCommand extends DatabaseCommand {
    @Option(names = "--sql", required = true, paramLabel = "FILE",
            description = "The SQL file: statements separated by semicolons (comments, quotes and dollar quotes "
                    + "are understood). No BEGIN/COMMIT: Recast runs each statement in transactions of its own.")
    Path sql;

    @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "text",
            description = "text or json: how the plan is printed on stdout (default: ${DEFAULT-VALUE}).")
    OutputFormat output;

    @Override
    int run(Database db) {
        String script = read(sql);
        DdlPlan plan = Recast.builder(db.pool()).build().plan(script);
        PrintWriter out = out();
        out.print(output == OutputFormat.json ? DdlRenderer.planJson(plan) + "\n" : DdlRenderer.plan(plan));
        out.flush();
        if (!plan.refused().isEmpty()) {
            PrintWriter err = err();
            err.println(ErrorHandler.PREFIX + "migrate would refuse " + String.join(", ", plan.refused().stream()
                    .map(p -> p.source().label()).toList()) + "; the plan on stdout says why and what to do");
            err.flush();
            return ExitCodes.NOT_ELIGIBLE;
        }
        return ExitCodes.OK;
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new InvalidOptionsException("cannot read --sql " + file + ": " + e.getMessage());
        }
    }
}
