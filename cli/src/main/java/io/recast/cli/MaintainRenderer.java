package io.recast.cli;

import io.recast.engine.api.MaintainItem;
import io.recast.engine.api.MaintainItem.Status;
import io.recast.engine.api.MaintainReport;
import io.recast.engine.api.Units;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** {@code recast maintain}'s summary: a table per database, or JSON. */
final class MaintainRenderer {
    private MaintainRenderer() {
    }

    static String text(List<MaintainReport> reports) {
        StringBuilder b = new StringBuilder();
        for (MaintainReport r : reports) {
            if (b.length() > 0) {
                b.append('\n');
            }
            boolean planned = r.outcome() == MaintainReport.Outcome.PLANNED;
            b.append("database ").append(r.database()).append(": ")
                    .append(planned ? "the plan (--dry-run: nothing changed)" : "maintain " + r.outcome().label()
                            + " in " + Units.duration(r.took()) + (r.runId() > 0 ? " (history: maintain run " + r.runId()
                            + ")" : ""))
                    .append("\n  bloat ").append(r.method()).append('\n');
            List<MaintainItem> taken = r.items().stream().filter(i -> i.status() != Status.SKIPPED
                    || i.detail() != null && i.detail().endsWith("left in the window")).toList();
            List<MaintainItem> left = r.items().stream().filter(i -> !taken.contains(i)).toList();
            if (taken.isEmpty()) {
                b.append("nothing to do\n");
            } else {
                int width = Math.max(8, taken.stream().mapToInt(i -> i.relation().length()).max().orElse(8));
                String row = planned ? "%3s  %-7s  %-" + width + "s  %9s  %11s  %9s  %s%n"
                        : "%3s  %-7s  %-" + width + "s  %9s  %11s  %9s  %9s  %10s  %s%n";
                b.append(planned ? String.format(Locale.ROOT, row, "#", "ACTION", "RELATION", "SIZE", "RECLAIMABLE",
                        "ESTIMATE", "WHY") : String.format(Locale.ROOT, row, "#", "ACTION", "RELATION", "SIZE",
                        "RECLAIMABLE", "ESTIMATE", "TOOK", "SIZE AFTER", "STATUS"));
                int n = 0;
                for (MaintainItem i : taken) {
                    b.append(planned ? String.format(Locale.ROOT, row, ++n, i.action(), i.relation(),
                            Units.size(i.sizeBefore()), Units.size(i.reclaimableBytes()), Units.duration(i.estimate()),
                            i.why()) : String.format(Locale.ROOT, row, ++n, i.action(), i.relation(),
                            Units.size(i.sizeBefore()), Units.size(i.reclaimableBytes()), Units.duration(i.estimate()),
                            i.took() == null ? "-" : Units.duration(i.took()),
                            i.sizeAfter() < 0 ? "-" : Units.size(i.sizeAfter()), i.status().label()));
                    if (!planned && i.detail() != null) {
                        b.append("       ").append(i.detail()).append('\n');
                    }
                }
                Duration total = taken.stream().map(MaintainItem::estimate).reduce(Duration.ZERO, Duration::plus);
                if (planned) {
                    b.append("estimated ").append(Units.duration(total)).append(" in all, each at ")
                            .append(taken.stream().map(MaintainItem::estimateBasis).distinct()
                                    .collect(Collectors.joining("; "))).append('\n');
                } else {
                    long before = taken.stream().filter(i -> i.status() == Status.DONE).mapToLong(MaintainItem::sizeBefore)
                            .sum();
                    long after = taken.stream().filter(i -> i.status() == Status.DONE && i.sizeAfter() >= 0)
                            .mapToLong(MaintainItem::sizeAfter).sum();
                    b.append(taken.stream().filter(i -> i.status() == Status.DONE).count()).append(" done: ")
                            .append(Units.size(before)).append(" -> ").append(Units.size(after)).append('\n');
                }
            }
            for (MaintainItem i : left) {
                b.append("  left out: ").append(i.action()).append(' ').append(i.relation()).append(": ")
                        .append(i.detail()).append('\n');
            }
        }
        return b.toString();
    }

    static String json(List<MaintainReport> reports) {
        return "{\"databases\":" + reports.stream().map(r -> "{\"database\":" + Json.string(r.database())
                + ",\"runId\":" + (r.runId() > 0 ? String.valueOf(r.runId()) : "null")
                + ",\"outcome\":" + Json.string(r.outcome().label())
                + ",\"tookMs\":" + r.took().toMillis()
                + ",\"method\":" + Json.string(r.method())
                + ",\"items\":" + r.items().stream().map(MaintainRenderer::json).collect(Collectors.joining(",", "[", "]"))
                + "}").collect(Collectors.joining(",", "[", "]")) + "}";
    }

    private static String json(MaintainItem i) {
        return "{\"relation\":" + Json.string(i.relation())
                + ",\"schema\":" + Json.string(i.schema())
                + ",\"name\":" + Json.string(i.name())
                + ",\"kind\":" + Json.string(i.kind().name().toLowerCase(Locale.ROOT))
                + ",\"action\":" + Json.string(i.action())
                + ",\"why\":" + Json.string(i.why())
                + ",\"status\":" + Json.string(i.status().label())
                + ",\"detail\":" + Json.string(i.detail())
                + ",\"sizeBefore\":" + i.sizeBefore()
                + ",\"reclaimableBytes\":" + i.reclaimableBytes()
                + ",\"sizeAfter\":" + (i.sizeAfter() < 0 ? "null" : String.valueOf(i.sizeAfter()))
                + ",\"estimateMs\":" + i.estimate().toMillis()
                + ",\"estimateBasis\":" + Json.string(i.estimateBasis())
                + ",\"tookMs\":" + (i.took() == null ? "null" : String.valueOf(i.took().toMillis()))
                + ",\"lockHoldMs\":" + (i.lockHold() == null ? "null" : String.valueOf(i.lockHold().toMillis()))
                + "}";
    }
}
