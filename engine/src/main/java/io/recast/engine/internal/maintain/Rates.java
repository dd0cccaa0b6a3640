package io.recast.engine.internal.maintain;

import io.recast.engine.api.Units;
import io.recast.engine.internal.history.History;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How long an action on a relation of a given size is expected to take: at the median rate of the
 * last such actions done in this database (from the history), else at an assumed rate, plus a
 * fixed part for planning, checks and the swap.
 */
public final class Rates {
    /**
     * Assumed when the history has none: a repack of a 1.4 GB table with three indexes took 15 s on
     * this project's 2-core test machine (about 95 MB/s) and an index build ran at about 100 MB/s;
     * half of that, for slower disks and busier servers. A VACUUM mostly reads.
     */
    static final Map<String, Long> ASSUMED = Map.of("repack", 50L << 20, "reindex", 50L << 20, "vacuum", 200L << 20,
            "drop", 1L << 40);
    static final Duration FIXED = Duration.ofSeconds(3);

    private final Map<String, List<Double>> measured;

    private Rates(Map<String, List<Double>> measured) {
        this.measured = measured;
    }

    /** The rates the history holds; none when it does not exist or this role may not read it. */
    public static Rates read(Connection c) throws SQLException {
        Map<String, List<Double>> m = new HashMap<>();
        for (String action : List.of("repack", "reindex", "vacuum")) {
            m.put(action, History.rates(c, action));
        }
        return new Rates(m);
    }

    /** No history: the assumed rates only. */
    public static Rates assumed() {
        return new Rates(Map.of());
    }

    /** The estimate for {@code action} on {@code bytes}, and what it rests on. */
    public Estimate estimate(String action, long bytes) {
        List<Double> rates = measured.getOrDefault(action, List.of());
        double rate;
        String basis;
        if (rates.isEmpty()) {
            rate = ASSUMED.getOrDefault(action, 50L << 20);
            basis = action.equals("drop") ? "a drop" : "assumed " + Units.size((long) rate) + "/s (no " + action
                    + " recorded here yet)";
        } else {
            List<Double> sorted = rates.stream().sorted().toList();
            rate = sorted.get(sorted.size() / 2);
            basis = Units.size((long) rate) + "/s, the median of the last " + rates.size() + " " + action
                    + (rates.size() == 1 ? "" : "s") + " here";
        }
        Duration d = FIXED.plusMillis(Math.round(bytes / rate * 1000));
        return new Estimate(d, basis);
    }

    public record Estimate(Duration duration, String basis) {
    }
}
