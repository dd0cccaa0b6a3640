package io.recast.cli;

import io.recast.engine.Recast;
import io.recast.engine.api.JobRequest;
import io.recast.engine.api.JobStatus;
import io.recast.engine.api.RewriteResult;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code recast pause|resume|abort --table T}: a request to the job running on the table, through
 * the job table, so it works from any machine. The job reads it between batches, within its
 * throttle interval.
 */
abstract class ControlCommand extends DatabaseCommand {
    @Option(names = "--table", required = true, paramLabel = "TABLE",
            description = "The table the job works on, as PostgreSQL parses it (for a partitioned table: the "
                    + "partition being repacked).")
    String table;

    private final JobRequest request;
    private final String done;

    /** @param done what the output says each job was asked */
    ControlCommand(JobRequest request, String done) {
        this.request = request;
        this.done = done;
    }

    @Override
    int run(Database db) {
        List<JobStatus> jobs = Recast.builder(db.pool()).build().control(table, request);
        PrintWriter out = out();
        if (jobs.isEmpty()) {
            out.println("no running job on " + table + ": removed what the job whose process died had left");
        }
        for (JobStatus j : jobs) {
            out.println("job " + j.jobId() + " on " + j.table() + " (pid " + j.pid() + ", " + j.phase() + "): " + done);
        }
        out.flush();
        return ExitCodes.OK;
    }

    @Command(name = "pause", description = "Pause the job running on the table between batches (the change log "
            + "keeps every write meanwhile; a cut-over in progress finishes its attempt first).",
            footer = {"%nThe exit codes are listed in 'recast --help'."})
    static final class Pause extends ControlCommand {
        Pause() {
            super(JobRequest.PAUSE, "asked to pause; 'recast status' shows it paused");
        }
    }

    @Command(name = "resume", description = "Let a paused job on the table go on; or, when the job's process died "
            + "(kill -9, a crash, a lost machine), go on with it here, with the options it was started with: the copy "
            + "from the last key it committed, then the rest. Progress and the summary as for repack.",
            footer = {"%nThe exit codes are listed in 'recast --help'."})
    static final class Resume extends ControlCommand {
        Resume() {
            super(JobRequest.RESUME, "asked to go on");
        }

        /** A live (paused) job is asked to go on; a job whose process died is resumed here. */
        @Override
        int run(Database db) {
            Recast probe = Recast.builder(db.pool()).build();
            String name = probe.displayName(table);
            if (probe.jobs().stream().anyMatch(j -> !j.finishedJob() && j.alive() && j.table().equals(name))) {
                return super.run(db);
            }
            ProgressPrinter progress = new ProgressPrinter(err(), System.console() != null, Clock.systemUTC());
            Recast rewriter = Recast.builder(db.pool()).listener(progress)
                    .replicaLogin(db.settings().user(), db.settings().password()).build();
            RewriteResult result;
            try (ShutdownGuard guard = ShutdownGuard.install(rewriter, progress)) {
                result = rewriter.resume(table);
            } finally {
                progress.finish();
            }
            PrintWriter out = out();
            out.print(TextRenderer.result(result));
            out.flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "abort", description = "Stop the job running on the table: it removes what it made and leaves "
            + "the table as it was (before its swap; after it, there is nothing left to abort).",
            footer = {"%nThe exit codes are listed in 'recast --help'."})
    static final class Abort extends ControlCommand {
        Abort() {
            super(JobRequest.ABORT, "asked to abort; it removes what it made");
        }
    }

    @Command(name = "cut-over", description = "Let a job started with --cut-over manual swap now (or once its "
            + "--cut-over-window opens).",
            footer = {"%nThe exit codes are listed in 'recast --help'."})
    static final class CutOver extends ControlCommand {
        CutOver() {
            super(JobRequest.CUTOVER, "asked to cut over");
        }
    }
}
