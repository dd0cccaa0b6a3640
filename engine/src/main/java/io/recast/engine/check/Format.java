package io.recast.engine.check;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** Sizes, durations and lists as the check's sentences show them. */
final class Format {
    private static final String[] UNITS = {"bytes", "kB", "MB", "GB", "TB", "PB"};

    private Format() {
    }

    /** 84.2 MB, in units of 1024 as pg_size_pretty uses. */
    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " bytes";
        }
        double v = bytes;
        int unit = 0;
        while (v >= 1024 && unit < UNITS.length - 1) {
            v /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, UNITS[unit]);
    }

    /** 850 ms, 12.3 s, 2m05s, 1h02m. */
    static String duration(Duration d) {
        long ms = d.toMillis();
        if (ms < 1_000) {
            return ms + " ms";
        }
        if (ms < 60_000) {
            return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
        }
        long s = d.toSeconds();
        if (s < 3_600) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", s / 3_600, (s % 3_600) / 60);
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
