package io.recast.cli;

import com.zaxxer.hikari.HikariDataSource;
import io.recast.engine.Recast;
import io.recast.engine.api.JobStatus;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code recast status}: the jobs in the database's job table, from any machine. */
@Command(name = "status", sortOptions = false,
        description = "List the recast jobs of the database: running ones (phase, progress, backlog, why they "
                + "wait, ETA), ones whose process died before they finished (clean them up with 'recast cleanup'), "
                + "and those finished in the last day. Reads the job table in the recast schema, so it works from "
                + "any machine.",
        footer = {"%nThe exit codes are listed in 'recast --help'."})
public final class StatusCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--help", usageHelp = true, description = "Show this help and exit.")
    private boolean help;

    @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "text",
            description = "text or json (default: ${DEFAULT-VALUE}).")
    OutputFormat output;

    @Mixin
    ConnectionOptions connection;

    @Mixin
    LoggingMixin logging;

    @Override
    public Integer call() {
        ConnectionSettings settings = connection.resolve(System.getenv(), System.getProperty("user.name"));
        PrintWriter out = spec.commandLine().getOut();
        try (HikariDataSource ds = settings.open()) {
            List<JobStatus> jobs = Recast.builder(ds).build().jobs();
            out.print(output == OutputFormat.json ? JsonRenderer.jobs(jobs) + "\n" : TextRenderer.jobs(jobs));
            out.flush();
            return ExitCodes.OK;
        }
    }
}
