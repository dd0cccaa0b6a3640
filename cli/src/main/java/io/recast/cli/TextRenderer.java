package io.recast.cli;

import io.recast.engine.api.CheckItem;
import io.recast.engine.api.CheckReport;
import io.recast.engine.api.CleanupReport;
import io.recast.engine.api.Phase;
import io.recast.engine.api.PlannedStep;
import io.recast.engine.api.RewriteResult;
import io.recast.engine.api.DryRun;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The human-readable output: the summary of a run, a dry run's plan, a cleanup's report. */
final class TextRenderer {
    private TextRenderer() {
    }

    static String result(RewriteResult r) {
        StringBuilder b = new StringBuilder();
        line(b, "table", r.table());
        line(b, "rows copied", String.valueOf(r.rowsCopied()));
        line(b, "rows replayed", String.valueOf(r.rowsReplayed()));
        for (Map.Entry<Phase, Duration> e : r.phaseDurations().entrySet()) {
            line(b, "  " + e.getKey().label(), duration(e.getValue()));
        }
        line(b, "total", duration(r.total()));
        line(b, "cut-over lock wait", millis(r.lockWait()));
        line(b, "cut-over lock hold", millis(r.lockHold()));
        line(b, "cut-over attempts", String.valueOf(r.cutOverAttempts()));
        line(b, "longest queued wait", millis(r.longestQueuedWait()) + " (an application session behind the cut-over)");
        line(b, "size before", size(r.sizeBefore()));
        line(b, "size after", size(r.sizeAfter()));
        if (r.keptOldTable() != null) {
            line(b, "old table kept as", r.keptOldTable() + " (drop it when you no longer need it)");
        }
        for (RewriteResult p : r.partitions()) {
            line(b, "partition", p.table() + ": " + p.rowsCopied() + " rows, lock hold " + millis(p.lockHold())
                    + ", " + size(p.sizeBefore()) + " -> " + size(p.sizeAfter())
                    + (p.keptOldTable() == null ? "" : ", old kept as " + p.keptOldTable()));
        }
        return b.toString();
    }

    static String plan(DryRun plan) {
        StringBuilder b = new StringBuilder();
        b.append("dry run: the plan for ").append(plan.table());
        if (plan.rowEstimate() >= 0) {
            b.append(" (about ").append(plan.rowEstimate()).append(" rows, ")
                    .append(shortSize(plan.sizeBytes())).append(')');
        }
        b.append("\n");
        List<PlannedStep> steps = plan.steps();
        for (int i = 0; i < steps.size(); i++) {
            PlannedStep s = steps.get(i);
            b.append('\n').append(i + 1).append(". ").append(s.phase().label()).append(": ").append(s.action())
                    .append('\n');
            b.append("   lock: ").append(s.lock()).append('\n');
            for (String sql : s.sql()) {
                String stripped = sql.strip();
                String statement = stripped.startsWith("--") || stripped.endsWith(";") ? stripped : stripped + ";";
                for (String l : statement.split("\n")) {
                    b.append("     ").append(l.stripTrailing()).append('\n');
                }
            }
        }
        b.append("\nnothing was changed\n");
        return b.toString();
    }

    /**
     * The pre-flight check: one line per item (status, name, detail), then what repack would do.
     * The status comes first and is padded, so {@code grep ^FAIL} finds the hard failures.
     */
    static String check(CheckReport r) {
        StringBuilder b = new StringBuilder();
        for (CheckItem i : r.items()) {
            b.append(String.format(Locale.ROOT, "%-4s %-21s %s", i.status(), i.name(), i.detail())).append('\n');
        }
        int fails = r.hardFailures().size();
        int warnings = r.warnings().size();
        if (fails > 0) {
            b.append("repack would refuse ").append(r.table()).append(" (").append(fails).append(" FAIL)");
        } else {
            b.append("repack can rewrite ").append(r.table())
                    .append(warnings == 0 ? "" : " (" + warnings + " WARN: read " + (warnings == 1 ? "it" : "them") + " first)");
        }
        return b.append("; the check changed nothing\n").toString();
    }

    /** One block per job: what it does now, or how it ended. */
    static String jobs(List<io.recast.engine.api.JobStatus> jobs) {
        if (jobs.isEmpty()) {
            return "no recast jobs (none running, none unfinished, none finished in the last day)\n";
        }
        StringBuilder b = new StringBuilder();
        for (io.recast.engine.api.JobStatus j : jobs) {
            String state = j.finishedJob() ? "finished: " + j.outcome()
                    : j.alive() ? "running (pid " + j.pid() + ")"
                    : j.outcome() != null ? "stopped: " + j.outcome()
                    : "not running: its process (pid " + j.pid() + ") is gone; 'recast resume --table " + j.table()
                            + "' goes on with it, 'recast cleanup --table " + j.table() + "' removes what it left";
            b.append("job ").append(j.jobId()).append(' ').append(j.table()).append(": ").append(state).append('\n');
            if (!j.finishedJob()) {
                String of = j.rowsEstimate() > 0 ? " of ~" + j.rowsEstimate() : "";
                b.append("  phase ").append(j.phase()).append(", copied ").append(j.rowsCopied()).append(of)
                        .append(", replayed ").append(j.rowsReplayed()).append(", backlog ").append(j.backlog())
                        .append(j.eta() == null ? "" : ", ETA " + duration(j.eta())).append('\n');
                if (j.throttle() != null) {
                    b.append("  throttled: ").append(j.throttle()).append('\n');
                }
                if (j.requested() != null) {
                    b.append("  requested: ").append(j.requested()).append('\n');
                }
            }
        }
        return b.toString();
    }

    static String cleanup(CleanupReport r, String asGiven) {
        StringBuilder b = new StringBuilder();
        if (r.dropped().isEmpty() && r.remaining().isEmpty()) {
            b.append("nothing to clean up for ").append(r.table() != null ? r.table() : asGiven).append('\n');
        } else {
            for (String d : r.dropped()) {
                b.append("dropped ").append(d).append('\n');
            }
            for (String left : r.remaining()) {
                b.append("not removed: ").append(left).append('\n');
            }
        }
        b.append(r.schemaDropped() ? "removed the recast schema, which nothing needs any more\n"
                : "the recast schema was not removed (it does not exist, a run uses it, or it holds other objects)\n");
        return b.toString();
    }

    /** 84.2 MB (88293785 bytes), in units of 1024 as pg_size_pretty uses. */
    static String size(long bytes) {
        return bytes < 1024 ? bytes + " bytes" : shortSize(bytes) + " (" + bytes + " bytes)";
    }

    /** 84.2 MB. */
    static String shortSize(long bytes) {
        return io.recast.engine.api.Units.size(bytes);
    }

    /** 850 ms, 12.3 s, 2m05s, 1h02m. */
    static String duration(Duration d) {
        return io.recast.engine.api.Units.duration(d);
    }

    private static String millis(Duration d) {
        return d == null ? "-" : d.toMillis() + " ms";
    }

    private static void line(StringBuilder b, String label, String value) {
        b.append(String.format(Locale.ROOT, "%-20s %s", label, value)).append('\n');
    }
}
