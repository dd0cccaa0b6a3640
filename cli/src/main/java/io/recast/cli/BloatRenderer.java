package io.recast.cli;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.recast.engine.api.BloatReport;
import io.recast.engine.api.RelationBloat;
import io.recast.engine.api.RelationBloat.Action;
import io.recast.engine.api.RelationBloat.Kind;
import io.recast.engine.api.Units;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** {@code recast bloat}'s output: a table per database, JSON, or Prometheus' text format. */
final class BloatRenderer {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

    private BloatRenderer() {
    }

    static String text(List<BloatReport> reports) {
        StringBuilder b = new StringBuilder();
        for (BloatReport r : reports) {
            if (b.length() > 0) {
                b.append('\n');
            }
            b.append("database ").append(r.database()).append(": ").append(r.method()).append('\n');
            if (r.relations().isEmpty()) {
                b.append("no tables or indexes to report (none at least --min-size, or none matched)\n");
                continue;
            }
            int width = Math.max(8, r.relations().stream().mapToInt(x -> x.displayName().length()).max().orElse(8));
            String row = "%-" + width + "s  %-5s  %9s  %9s %4s  %12s  %10s  %-16s  %-16s  %-17s  %s%n";
            b.append(String.format(Locale.ROOT, row, "RELATION", "KIND", "SIZE", "RECLAIM", "", "LIVE ROWS",
                    "DEAD ROWS", "LAST VACUUM", "LAST ANALYZE", "LAST BY RECAST", "ACTION"));
            for (RelationBloat x : r.relations()) {
                boolean table = x.kind() == Kind.TABLE;
                b.append(String.format(Locale.ROOT, row, x.displayName(), x.kind().name().toLowerCase(Locale.ROOT),
                        Units.size(x.sizeBytes()), Units.size(x.reclaimableBytes()),
                        String.format(Locale.ROOT, "%.0f%%", x.reclaimablePercent()),
                        table && x.liveRows() >= 0 ? String.format(Locale.ROOT, "%,d", x.liveRows()) : "-",
                        table && x.deadRows() >= 0 ? String.format(Locale.ROOT, "%,d", x.deadRows()) : "-",
                        table ? when(x.lastVacuum()) : "-", table ? when(x.lastAnalyze()) : "-",
                        x.lastAction() == null ? "-" : x.lastAction() + " " + x.lastActionAt().toLocalDate(),
                        x.action().label()));
            }
            for (RelationBloat x : r.relations()) {
                if (x.action() != Action.NONE) {
                    b.append("  ").append(x.action().label()).append(' ').append(x.displayName()).append(": ")
                            .append(x.reason()).append('\n');
                }
                for (String c : x.caveats()) {
                    b.append("  note on ").append(x.displayName()).append(": ").append(c).append('\n');
                }
            }
            b.append(summary(r)).append('\n');
        }
        return b.toString();
    }

    private static String summary(BloatReport r) {
        StringBuilder b = new StringBuilder();
        for (Action a : List.of(Action.REPACK, Action.REINDEX, Action.VACUUM)) {
            List<RelationBloat> these = r.relations().stream().filter(x -> x.action() == a).toList();
            long bytes = these.stream().mapToLong(RelationBloat::reclaimableBytes).sum();
            b.append(b.length() == 0 ? "" : ", ").append(these.size()).append(" to ").append(a.label());
            if (a != Action.VACUUM && !these.isEmpty()) {
                b.append(" (").append(Units.size(bytes)).append(" to give back)");
            }
        }
        return b.toString();
    }

    private static String when(OffsetDateTime t) {
        return t == null ? "never" : t.format(WHEN);
    }

    static String json(List<BloatReport> reports) {
        return "{\"databases\":" + reports.stream().map(r -> "{" + field("database", Json.string(r.database()))
                + "," + field("exact", r.exact()) + "," + field("method", Json.string(r.method()))
                + "," + field("relations", r.relations().stream().map(BloatRenderer::json)
                        .collect(Collectors.joining(",", "[", "]"))) + "}")
                .collect(Collectors.joining(",", "[", "]")) + "}";
    }

    private static String json(RelationBloat x) {
        return "{" + field("relation", Json.string(x.displayName()))
                + "," + field("schema", Json.string(x.schema()))
                + "," + field("name", Json.string(x.name()))
                + "," + field("kind", Json.string(x.kind().name().toLowerCase(Locale.ROOT)))
                + "," + field("table", Json.string(x.table()))
                + "," + field("sizeBytes", x.sizeBytes())
                + "," + field("reclaimableBytes", x.reclaimableBytes())
                + "," + field("reclaimablePercent", String.format(Locale.ROOT, "%.1f", x.reclaimablePercent()))
                + "," + field("liveRows", x.liveRows() < 0 ? "null" : x.liveRows())
                + "," + field("deadRows", x.deadRows() < 0 ? "null" : x.deadRows())
                + "," + field("lastVacuum", Json.string(x.lastVacuum() == null ? null : x.lastVacuum().toString()))
                + "," + field("lastAnalyze", Json.string(x.lastAnalyze() == null ? null : x.lastAnalyze().toString()))
                + "," + field("method", Json.string(x.method().name().toLowerCase(Locale.ROOT)))
                + "," + field("action", Json.string(x.action().label()))
                + "," + field("reason", Json.string(x.reason()))
                + "," + field("caveats", x.caveats().stream().map(Json::string).collect(Collectors.joining(",", "[", "]")))
                + "," + field("lastAction", Json.string(x.lastAction()))
                + "," + field("lastActionAt", Json.string(x.lastActionAt() == null ? null : x.lastActionAt().toString()))
                + "}";
    }

    private static String field(String name, Object rawJson) {
        return Json.string(name) + ":" + rawJson;
    }

    /**
     * The figures as Prometheus gauges (text format 0.0.4), labelled by database, schema, relation,
     * kind and table; the recommendation as {@code recast_bloat_action{action="..."} 1}.
     */
    static String prometheus(List<BloatReport> reports) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try {
            for (BloatReport r : reports) {
                Gauge.builder("recast.bloat.exact", r, x -> x.exact() ? 1 : 0).tag("database", r.database())
                        .description("1 when pgstattuple measured the database's relations, 0 when the statistics did")
                        .register(registry);
                for (RelationBloat x : r.relations()) {
                    Tags tags = Tags.of("database", r.database(), "schema", x.schema(), "relation", x.name(),
                            "kind", x.kind().name().toLowerCase(Locale.ROOT), "table", x.table());
                    Gauge.builder("recast.bloat.size", x, RelationBloat::sizeBytes).tags(tags).baseUnit("bytes")
                            .description("What a rewrite rewrites: a table's heap and TOAST, an index").register(registry);
                    Gauge.builder("recast.bloat.reclaimable", x, RelationBloat::reclaimableBytes).tags(tags)
                            .baseUnit("bytes").description("How much smaller a rewrite would make it").register(registry);
                    Gauge.builder("recast.bloat.reclaimable.ratio", x, y -> y.reclaimablePercent() / 100).tags(tags)
                            .description("The reclaimable share of the size, 0 to 1").register(registry);
                    Gauge.builder("recast.bloat.action", x, y -> 1).tags(tags.and("action", x.action().label()))
                            .description("The recommendation: repack, reindex, vacuum or none").register(registry);
                    if (x.kind() == Kind.TABLE) {
                        if (x.liveRows() >= 0) {
                            Gauge.builder("recast.bloat.live.rows", x, RelationBloat::liveRows).tags(tags)
                                    .description("Live rows").register(registry);
                        }
                        if (x.deadRows() >= 0) {
                            Gauge.builder("recast.bloat.dead.rows", x, RelationBloat::deadRows).tags(tags)
                                    .description("Dead rows").register(registry);
                        }
                        if (x.lastVacuum() != null) {
                            Gauge.builder("recast.bloat.last.vacuum.timestamp", x, y -> y.lastVacuum().toEpochSecond())
                                    .tags(tags).baseUnit("seconds").description("The last VACUUM or autovacuum")
                                    .register(registry);
                        }
                    }
                }
            }
            return registry.scrape();
        } finally {
            registry.close();
        }
    }
}
