package io.recast.cli;

import io.recast.engine.Recast;
import io.recast.engine.api.JobStatus;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code recast status}: the jobs in the database's job table, from any machine. */
@Command(name = "status", sortOptions = false,
        description = "List the recast jobs of the database: running ones (phase, progress, backlog, why they "
                + "wait, ETA), ones whose process died before they finished (clean them up with 'recast cleanup'), "
                + "and those finished in the last day. Reads the job table in the recast schema, so it works from "
                + "any machine.",
        footer = {"%nThe exit codes are listed in 'recast --help'."})
public final class StatusCommand extends DatabaseCommand {
    @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "text",
            description = "text or json (default: ${DEFAULT-VALUE}).")
    OutputFormat output;

    @Override
    int run(Database db) {
        List<JobStatus> jobs = Recast.builder(db.pool()).build().jobs();
        PrintWriter out = out();
        out.print(output == OutputFormat.json ? JsonRenderer.jobs(jobs) + "\n" : TextRenderer.jobs(jobs));
        out.flush();
        return ExitCodes.OK;
    }
}
