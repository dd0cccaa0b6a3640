package io.recast.engine.internal.maintain;

import io.recast.engine.api.MaintainItem;
import io.recast.engine.api.MaintainItem.Status;
import io.recast.engine.api.MaintainOptions;
import io.recast.engine.api.RelationBloat;
import io.recast.engine.api.RelationBloat.Kind;
import io.recast.engine.api.RelationBloat.Method;
import io.recast.engine.api.TablePolicy;
import io.recast.engine.api.Units;
import io.recast.engine.internal.history.History;
import io.recast.engine.internal.runtime.Glob;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which relations {@code maintain} takes, with which action, in which order; and which it leaves,
 * with why. Pure: the measured bloat, the history's last actions and the options in, the list out.
 */
public final class Selection {
    /** Fewer dead rows than this never warrant a VACUUM of their own. */
    static final long MIN_DEAD_ROWS = 1_000;
    /** The names PostgreSQL gives the copies a failed REINDEX CONCURRENTLY leaves. */
    private static final Pattern REINDEX_LEFTOVER = Pattern.compile(".*_cc(new|old)[0-9]*");

    private Selection() {
    }

    /** The settings for one table: the run's, with the first matching policy's over them. */
    private record Settings(boolean exclude, String excludedBy, long minSize, int minBloat, int minDead,
                            Duration minInterval) {
    }

    /**
     * The picked items in the order to take them (status PLANNED), then those left out (SKIPPED, with
     * why): excluded, done within the minimum interval, or beyond --max-tables. Relations below the
     * minimum size or thresholds are not listed.
     *
     * @param lastDone the history's last action done per relation, keyed "schema.name" (raw names)
     */
    public static List<MaintainItem> select(List<RelationBloat> relations, Map<String, History.Done> lastDone,
                                            MaintainOptions o, Instant now, Rates rates) {
        // a repack rewrites the table with its indexes: its size and what it gives back are theirs together
        Map<String, long[]> withIndexes = new HashMap<>();
        for (RelationBloat r : relations) {
            long[] sum = withIndexes.computeIfAbsent(r.schema() + "." + r.table(), k -> new long[2]);
            sum[0] += r.sizeBytes();
            sum[1] += r.reclaimableBytes();
        }
        List<MaintainItem> picked = new ArrayList<>();
        List<MaintainItem> left = new ArrayList<>();
        Set<String> repacked = new HashSet<>();
        List<RelationBloat> tablesFirst = relations.stream()
                .sorted(Comparator.comparing((RelationBloat r) -> r.kind() == Kind.TABLE ? 0 : 1)).toList();
        for (RelationBloat r : tablesFirst) {
            Settings s = settings(r.schema(), r.table(), o);
            String action = action(r, s, repacked);   // an excluded one is listed when it would be picked
            if (action == null) {
                continue;
            }
            long[] whole = r.kind() == Kind.TABLE ? withIndexes.get(r.schema() + "." + r.name())
                    : new long[] {r.sizeBytes(), r.reclaimableBytes()};
            long size = whole[0];
            long reclaimable = action.equals("repack") ? whole[1] : r.reclaimableBytes();
            Rates.Estimate e = rates.estimate(action, size);
            MaintainItem item = new MaintainItem(r.schema(), r.name(), r.displayName(), r.kind(), action, why(r, action), size,
                    reclaimable, e.duration(), e.basis(), Status.PLANNED, null, -1, null, null);
            if (s.exclude()) {
                left.add(item.ended(Status.SKIPPED, "excluded by " + s.excludedBy(), -1, null, null));
                continue;
            }
            History.Done last = lastDone.get(r.schema() + "." + r.name());
            if (last == null && r.kind() == Kind.INDEX) {
                last = lastDone.get(r.schema() + "." + r.table());   // its table's repack rebuilt it
            }
            if (last != null && last.at().toInstant().plus(s.minInterval()).isAfter(now)) {
                left.add(item.ended(Status.SKIPPED, last.action() + " " + ago(Duration.between(last.at().toInstant(), now))
                        + " ago, within the minimum interval of " + Units.duration(s.minInterval()), -1, null, null));
                continue;
            }
            if (action.equals("repack")) {
                repacked.add(r.schema() + "." + r.name());
            }
            picked.add(item);
        }
        Comparator<MaintainItem> order = o.order() == MaintainOptions.Order.SMALLEST_FIRST
                ? Comparator.comparingLong(MaintainItem::sizeBefore)
                : Comparator.comparingLong(MaintainItem::reclaimableBytes).reversed();
        picked.sort(order.thenComparing(MaintainItem::relation));
        List<MaintainItem> out = new ArrayList<>();
        for (MaintainItem i : picked) {
            if (o.maxTables() > 0 && out.size() >= o.maxTables()) {
                left.add(i.ended(Status.SKIPPED, "beyond --max-tables " + o.maxTables(), -1, null, null));
            } else {
                out.add(i);
            }
        }
        out.addAll(left);
        return out;
    }

    /** What to do with the relation under its settings; null: nothing. */
    private static String action(RelationBloat r, Settings s, Set<String> repacked) {
        if (r.method() == Method.NONE && !r.invalid() || r.sizeBytes() < s.minSize() && !r.invalid()) {
            return null;
        }
        if (r.kind() == Kind.INDEX) {
            if (r.invalid()) {
                return REINDEX_LEFTOVER.matcher(r.name()).matches() ? "drop" : "reindex";
            }
            if (repacked.contains(r.schema() + "." + r.table())) {
                return null;
            }
            return r.reclaimablePercent() >= s.minBloat() && r.reclaimableBytes() > 0 ? "reindex" : null;
        }
        if (r.reclaimablePercent() >= s.minBloat() && r.reclaimableBytes() > 0) {
            return "repack";
        }
        long rows = Math.max(0, r.liveRows()) + Math.max(0, r.deadRows());
        if (r.deadRows() >= MIN_DEAD_ROWS && rows > 0 && 100.0 * r.deadRows() / rows >= s.minDead()) {
            return "vacuum";
        }
        return null;
    }

    private static String why(RelationBloat r, String action) {
        if (action.equals("drop")) {
            return "INVALID, left by a failed REINDEX INDEX CONCURRENTLY: dropped";
        }
        if (action.equals("vacuum")) {
            long rows = Math.max(0, r.liveRows()) + Math.max(0, r.deadRows());
            return String.format(Locale.ROOT, "%,d dead rows (%.0f%% of its rows)", r.deadRows(),
                    rows == 0 ? 0.0 : 100.0 * r.deadRows() / rows);
        }
        if (r.invalid()) {
            return "INVALID: written to but never read";
        }
        return String.format(Locale.ROOT, "%s (%.0f%%) reclaimable", Units.size(r.reclaimableBytes()),
                r.reclaimablePercent());
    }

    private static Settings settings(String schema, String table, MaintainOptions o) {
        String display = schema + "." + table;
        String excludedBy = null;
        for (String ex : o.excludes()) {
            if (excludedBy == null && Glob.matches(Glob.compile(ex), schema, table, display)) {
                excludedBy = "--exclude " + ex;
            }
        }
        long minSize = o.minSizeBytes();
        int minBloat = o.minBloatPercent();
        int minDead = o.minDeadPercent();
        Duration minInterval = o.minInterval();
        for (TablePolicy p : o.policies()) {
            if (Glob.matches(Glob.compile(p.pattern()), schema, table, display)) {
                if (Boolean.TRUE.equals(p.exclude()) && excludedBy == null) {
                    excludedBy = "the policy's [" + p.pattern() + "]";
                }
                minSize = p.minSizeBytes() != null ? p.minSizeBytes() : minSize;
                minBloat = p.minBloatPercent() != null ? p.minBloatPercent() : minBloat;
                minDead = p.minDeadPercent() != null ? p.minDeadPercent() : minDead;
                minInterval = p.minInterval() != null ? p.minInterval() : minInterval;
                break;
            }
        }
        return new Settings(excludedBy != null, excludedBy, minSize, minBloat, minDead, minInterval);
    }

    private static String ago(Duration d) {
        long days = d.toDays();
        return days >= 1 ? days + (days == 1 ? " day" : " days") : Units.duration(d);
    }
}
