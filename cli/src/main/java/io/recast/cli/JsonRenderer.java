package io.recast.cli;

import io.recast.engine.api.CheckItem;
import io.recast.engine.api.CheckReport;
import io.recast.engine.api.PlannedStep;
import io.recast.engine.api.RewriteResult;
import io.recast.engine.api.DryRun;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code --output json}: one JSON object on one line. Durations are whole milliseconds, in fields
 * whose names end in {@code Ms}; phases are keyed by their label ({@code catch-up}, ...).
 */
final class JsonRenderer {
    private JsonRenderer() {
    }

    static String result(RewriteResult r) {
        String phases = r.phaseDurations().entrySet().stream()
                .map(e -> Json.string(e.getKey().label()) + ":" + e.getValue().toMillis())
                .collect(Collectors.joining(",", "{", "}"));
        return "{" + field("table", Json.string(r.table()))
                + "," + field("rowsCopied", r.rowsCopied())
                + "," + field("rowsReplayed", r.rowsReplayed())
                + "," + field("phaseDurationsMs", phases)
                + "," + field("totalMs", ms(r.total()))
                + "," + field("lockWaitMs", ms(r.lockWait()))
                + "," + field("lockHoldMs", ms(r.lockHold()))
                + "," + field("cutOverAttempts", r.cutOverAttempts())
                + "," + field("longestQueuedWaitMs", ms(r.longestQueuedWait()))
                + "," + field("sizeBefore", r.sizeBefore())
                + "," + field("sizeAfter", r.sizeAfter())
                + "," + field("keptOldTable", Json.string(r.keptOldTable()))
                + (r.partitions().isEmpty() ? "" : "," + field("partitions",
                        r.partitions().stream().map(JsonRenderer::result).collect(Collectors.joining(",", "[", "]"))))
                + "}";
    }

    /** The job table, one object per job. */
    static String jobs(List<io.recast.engine.api.JobStatus> jobs) {
        return jobs.stream().map(j -> "{" + field("jobId", j.jobId())
                + "," + field("table", Json.string(j.table()))
                + "," + field("phase", Json.string(j.phase()))
                + "," + field("running", String.valueOf(!j.finishedJob() && j.alive()))
                + "," + field("rowsCopied", j.rowsCopied())
                + "," + field("rowsEstimate", j.rowsEstimate())
                + "," + field("rowsReplayed", j.rowsReplayed())
                + "," + field("backlog", j.backlog())
                + "," + field("throttle", Json.string(j.throttle()))
                + "," + field("etaMs", j.eta() == null ? "null" : String.valueOf(j.eta().toMillis()))
                + "," + field("requested", Json.string(j.requested()))
                + "," + field("pid", j.pid())
                + "," + field("outcome", Json.string(j.outcome()))
                + "}").collect(Collectors.joining(",", "[", "]"));
    }

    /** A dry run: the table and every step with its lock and SQL. */
    static String plan(DryRun plan) {
        List<PlannedStep> steps = plan.steps();
        String rendered = steps.stream().map(JsonRenderer::step).collect(Collectors.joining(",", "[", "]"));
        return "{" + field("table", Json.string(plan.table()))
                + "," + field("dryRun", "true")
                + "," + field("rowEstimate", plan.rowEstimate())
                + "," + field("sizeBytes", plan.sizeBytes())
                + "," + field("steps", rendered)
                + "," + field("changed", "false")
                + "}";
    }

    private static String step(PlannedStep s) {
        String sql = s.sql().stream().map(Json::string).collect(Collectors.joining(",", "[", "]"));
        return "{" + field("phase", Json.string(s.phase().label()))
                + "," + field("action", Json.string(s.action()))
                + "," + field("lock", Json.string(s.lock()))
                + "," + field("sql", sql) + "}";
    }

    /** The pre-flight check: the table, the worst status, the counts, and every item with its figures. */
    static String check(CheckReport r) {
        String items = r.items().stream().map(JsonRenderer::item).collect(Collectors.joining(",", "[", "]"));
        return "{" + field("table", Json.string(r.table()))
                + "," + field("status", Json.string(r.status().name()))
                + "," + field("hardFailures", r.hardFailures().size())
                + "," + field("warnings", r.warnings().size())
                + "," + field("items", items)
                + "," + field("changed", "false")
                + "}";
    }

    private static String item(CheckItem i) {
        String figures = i.figures().entrySet().stream().map(e -> field(e.getKey(), e.getValue()))
                .collect(Collectors.joining(",", "{", "}"));
        return "{" + field("name", Json.string(i.name()))
                + "," + field("status", Json.string(i.status().name()))
                + "," + field("detail", Json.string(i.detail()))
                + "," + field("figures", figures) + "}";
    }

    private static String field(String name, Object rawJson) {
        return Json.string(name) + ":" + rawJson;
    }

    private static String ms(Duration d) {
        return d == null ? "null" : String.valueOf(d.toMillis());
    }
}
