package io.recast.engine.internal.check;

import io.recast.engine.api.Units;
import java.time.Duration;
import java.util.List;

/** Sizes, durations and lists as the check's sentences show them. */
final class Format {
    private Format() {
    }

    static String size(long bytes) {
        return Units.size(bytes);
    }

    static String duration(Duration d) {
        return Units.duration(d);
    }

    static String seconds(long s) {
        return duration(Duration.ofSeconds(s));
    }

    /** At most {@code max} entries, then "and N more". */
    static String list(List<String> entries, int max) {
        if (entries.size() <= max) {
            return String.join("; ", entries);
        }
        return String.join("; ", entries.subList(0, max)) + "; and " + (entries.size() - max) + " more";
    }

    /** "1 session", "2 sessions". */
    static String count(long n, String singular, String plural) {
        return n + " " + (n == 1 ? singular : plural);
    }
}
