package io.recast.cli;

import io.recast.engine.api.DdlPlan;
import io.recast.engine.api.DdlStep;
import io.recast.engine.api.LockHold;
import io.recast.engine.api.LockLevel;
import io.recast.engine.api.MigrationResult;
import io.recast.engine.api.PlannedStatement;
import java.util.Locale;
import java.util.stream.Collectors;

/** {@code recast plan} and {@code recast migrate} as text and JSON. */
final class DdlRenderer {
    private DdlRenderer() {
    }

    static String plan(DdlPlan plan) {
        StringBuilder b = new StringBuilder();
        for (PlannedStatement p : plan.statements()) {
            b.append(statement(p));
        }
        long refused = plan.refused().size();
        b.append(plan.statements().size()).append(" statement(s)");
        if (refused > 0) {
            b.append(", ").append(refused).append(" refused: migrate would run none of them");
        } else if (!plan.rewrites().isEmpty()) {
            b.append("; ").append(plan.rewrites().size()).append(" need(s) the shadow engine (recast alter)");
        }
        return b.append("; the plan changed nothing\n").toString();
    }

    static String statement(PlannedStatement p) {
        StringBuilder b = new StringBuilder();
        b.append(p.source().label()).append(": ").append(oneLine(p.source().sql())).append('\n');
        b.append("  table:      ").append(p.table() == null ? "-" : p.table()).append('\n');
        b.append("  as written: ").append(lock(p.lock(), p.hold()));
        if (p.lock() != null) {
            b.append(" [").append(p.lockSource()).append(']');
        }
        b.append('\n');
        b.append("  recast:     ").append(p.strategy()).append(p.reason().isEmpty() ? "" : ": " + p.reason()).append('\n');
        int n = 1;
        for (DdlStep s : p.steps()) {
            b.append("    ").append(n++).append(". ").append(lock(s.lock(), s.hold())).append(": ").append(oneLine(s.sql()))
                    .append(s.note().isEmpty() ? "" : "\n       (" + s.note() + ")").append('\n');
        }
        return b.toString();
    }

    private static String lock(LockLevel lock, LockHold hold) {
        if (lock == null) {
            return "lock not analysed";
        }
        return lock.label() + " (" + lock.effect() + "), " + (hold == null ? "hold not analysed" : hold.label());
    }

    static String planJson(DdlPlan plan) {
        return "{" + field("statements", plan.statements().stream().map(DdlRenderer::statementJson)
                .collect(Collectors.joining(",", "[", "]")))
                + "," + field("refused", plan.refused().size())
                + "," + field("changed", "false") + "}";
    }

    private static String statementJson(PlannedStatement p) {
        return "{" + field("number", p.source().number())
                + "," + field("line", p.source().line())
                + "," + field("sql", Json.string(p.source().sql()))
                + "," + field("table", Json.string(p.table()))
                + "," + field("lock", Json.string(p.lock() == null ? null : p.lock().label()))
                + "," + field("hold", Json.string(p.hold() == null ? null : p.hold().name().toLowerCase(Locale.ROOT)))
                + "," + field("lockSource", Json.string(p.lockSource()))
                + "," + field("strategy", Json.string(p.strategy().name()))
                + "," + field("reason", Json.string(p.reason()))
                + "," + field("subCommands", p.subCommands().stream().map(Json::string)
                        .collect(Collectors.joining(",", "[", "]")))
                + "," + field("steps", p.steps().stream().map(s -> "{" + field("kind", Json.string(s.kind().name()))
                        + "," + field("sql", Json.string(s.sql()))
                        + "," + field("lock", Json.string(s.lock() == null ? null : s.lock().label()))
                        + "," + field("hold", Json.string(s.hold() == null ? null : s.hold().name().toLowerCase(Locale.ROOT)))
                        + "," + field("note", Json.string(s.note())) + "}").collect(Collectors.joining(",", "[", "]")))
                + "}";
    }

    /** The summary of a migrate run: each statement with its outcome, and the state a failure left. */
    static String migration(MigrationResult r) {
        StringBuilder b = new StringBuilder();
        for (MigrationResult.Outcome o : r.outcomes()) {
            String status = switch (o.status()) {
                case APPLIED -> "applied ";
                case FAILED -> "FAILED  ";
                case NOT_RUN -> "not run ";
            };
            b.append(status).append(o.statement().source().label()).append(": ")
                    .append(oneLine(o.statement().source().sql()));
            if (o.status() != MigrationResult.Status.NOT_RUN) {
                b.append(" (").append(o.statement().strategy()).append(", ").append(o.stepsDone()).append(" of ")
                        .append(o.statement().steps().size()).append(" step(s), ").append(o.took().toMillis()).append(" ms)");
            }
            b.append('\n');
        }
        if (r.failure() != null) {
            b.append("state left: ").append(r.stateLeft()).append('\n');
        } else {
            b.append(r.outcomes().size()).append(" statement(s) applied\n");
        }
        return b.toString();
    }

    static String oneLine(String sql) {
        return sql.replaceAll("\\s+", " ").strip();
    }

    private static String field(String name, Object rawJson) {
        return Json.string(name) + ":" + rawJson;
    }
}
