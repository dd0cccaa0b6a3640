package io.recast.engine.internal.job;

import io.recast.engine.api.BlockerPolicy;
import io.recast.engine.api.CutOverWindow;
import io.recast.engine.api.RewriteOptions;
import io.recast.engine.api.Signal;
import io.recast.engine.api.ThrottleRule;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * A run's options as text (Java properties), kept in its job row so that `recast resume` goes on
 * with the options the run was started with.
 */
public final class OptionsCodec {
    private OptionsCodec() {
    }

    public static String encode(RewriteOptions o) {
        Properties p = new Properties();
        p.setProperty("table", o.table());
        p.setProperty("batchRows", String.valueOf(o.batchRows()));
        p.setProperty("maxRowsPerSecond", String.valueOf(o.maxRowsPerSecond()));
        p.setProperty("batchPause", o.batchPause().toString());
        p.setProperty("replayRows", String.valueOf(o.replayRows()));
        p.setProperty("lockTimeout", o.lockTimeout().toString());
        p.setProperty("maxAttempts", String.valueOf(o.maxAttempts()));
        p.setProperty("cutOverBacklog", String.valueOf(o.cutOverBacklog()));
        p.setProperty("maxLockHold", o.maxLockHold().toString());
        p.setProperty("keepOld", String.valueOf(o.keepOld()));
        p.setProperty("rebuildMaterializedViews", String.valueOf(o.rebuildMaterializedViews()));
        p.setProperty("targetBatchTime", o.targetBatchTime().toString());
        p.setProperty("minBatchRows", String.valueOf(o.minBatchRows()));
        p.setProperty("maxBatchRows", String.valueOf(o.maxBatchRows()));
        List<String> rules = new ArrayList<>();
        for (ThrottleRule r : o.throttleRules()) {
            rules.add(r.signal().name() + ":" + r.pauseAbove() + ":" + r.abortAbove());
        }
        p.setProperty("throttleRules", String.join(";", rules));
        if (o.throttleQuery() != null) {
            p.setProperty("throttleQuery", o.throttleQuery());
        }
        p.setProperty("throttleInterval", o.throttleInterval().toString());
        p.setProperty("maxQueued", String.valueOf(o.maxQueued()));
        p.setProperty("maxQueueWait", o.maxQueueWait().toString());
        p.setProperty("onBlocker", o.onBlocker().name());
        p.setProperty("blockerGrace", o.blockerGrace().toString());
        p.setProperty("killAutovacuum", String.valueOf(o.killAutovacuum()));
        p.setProperty("oldSnapshotWait", o.oldSnapshotWait().toString());
        p.setProperty("manualCutOver", String.valueOf(o.manualCutOver()));
        if (o.cutOverWindow() != null) {
            p.setProperty("cutOverWindow", o.cutOverWindow().toString());
        }
        p.setProperty("replicaUrls", String.join("\n", o.replicaUrls()));
        if (o.alteration() != null) {
            io.recast.engine.api.Alteration a = o.alteration();
            for (int i = 0; i < a.changes().size(); i++) {
                p.setProperty("alter.change." + i, a.changes().get(i));
            }
            int u = 0;
            for (java.util.Map.Entry<String, String> e : a.using().entrySet()) {
                p.setProperty("alter.using." + u + ".column", e.getKey());
                p.setProperty("alter.using." + u++ + ".expression", e.getValue());
            }
            p.setProperty("alter.cascadeTypes", String.valueOf(a.cascadeTypes()));
            if (a.checkSample() != null) {
                p.setProperty("alter.checkSample", String.valueOf(a.checkSample()));
            }
        }
        p.setProperty("verify", String.valueOf(o.verify()));
        StringWriter out = new StringWriter();
        try {
            p.store(out, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // the first line is a date comment: drop it, so equal options give equal text
        return out.toString().lines().filter(l -> !l.startsWith("#")).reduce("", (a, b) -> a + b + "\n");
    }

    public static RewriteOptions decode(String text) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<ThrottleRule> rules = new ArrayList<>();
        for (String r : p.getProperty("throttleRules", "").split(";")) {
            if (!r.isBlank()) {
                String[] f = r.split(":");
                rules.add(new ThrottleRule(Signal.valueOf(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2])));
            }
        }
        String window = p.getProperty("cutOverWindow");
        return RewriteOptions.builder(p.getProperty("table"))
                .batchRows(Integer.parseInt(p.getProperty("batchRows")))
                .maxRowsPerSecond(Long.parseLong(p.getProperty("maxRowsPerSecond")))
                .batchPause(Duration.parse(p.getProperty("batchPause")))
                .replayRows(Integer.parseInt(p.getProperty("replayRows")))
                .lockTimeout(Duration.parse(p.getProperty("lockTimeout")))
                .maxAttempts(Integer.parseInt(p.getProperty("maxAttempts")))
                .cutOverBacklog(Long.parseLong(p.getProperty("cutOverBacklog")))
                .maxLockHold(Duration.parse(p.getProperty("maxLockHold")))
                .keepOld(Boolean.parseBoolean(p.getProperty("keepOld")))
                .rebuildMaterializedViews(Boolean.parseBoolean(p.getProperty("rebuildMaterializedViews")))
                .targetBatchTime(Duration.parse(p.getProperty("targetBatchTime")))
                .batchRowsBounds(Integer.parseInt(p.getProperty("minBatchRows")),
                        Integer.parseInt(p.getProperty("maxBatchRows")))
                .throttleRules(rules)
                .throttleQuery(p.getProperty("throttleQuery"))
                .throttleInterval(Duration.parse(p.getProperty("throttleInterval")))
                .queueLimits(Integer.parseInt(p.getProperty("maxQueued")), Duration.parse(p.getProperty("maxQueueWait")))
                .onBlocker(BlockerPolicy.valueOf(p.getProperty("onBlocker")), Duration.parse(p.getProperty("blockerGrace")))
                .killAutovacuum(Boolean.parseBoolean(p.getProperty("killAutovacuum")))
                .oldSnapshotWait(Duration.parse(p.getProperty("oldSnapshotWait")))
                .manualCutOver(Boolean.parseBoolean(p.getProperty("manualCutOver")))
                .cutOverWindow(window == null ? null : CutOverWindow.parse(window))
                .replicaUrls(java.util.Arrays.stream(p.getProperty("replicaUrls", "").split("\n"))
                        .filter(u -> !u.isBlank()).toList())
                .alteration(alteration(p))
                .verify(Boolean.parseBoolean(p.getProperty("verify")))
                .build();
    }

    private static io.recast.engine.api.Alteration alteration(Properties p) {
        if (p.getProperty("alter.change.0") == null) {
            return null;
        }
        List<String> changes = new ArrayList<>();
        for (int i = 0; p.getProperty("alter.change." + i) != null; i++) {
            changes.add(p.getProperty("alter.change." + i));
        }
        java.util.Map<String, String> using = new java.util.LinkedHashMap<>();
        for (int i = 0; p.getProperty("alter.using." + i + ".column") != null; i++) {
            using.put(p.getProperty("alter.using." + i + ".column"), p.getProperty("alter.using." + i + ".expression"));
        }
        String sample = p.getProperty("alter.checkSample");
        return new io.recast.engine.api.Alteration(changes, using, Boolean.parseBoolean(p.getProperty("alter.cascadeTypes")),
                sample == null ? null : Double.valueOf(sample));
    }
}
