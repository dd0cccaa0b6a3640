package io.recast.engine.api;

import java.time.Duration;
import java.util.Locale;

/** Sizes and durations as Recast's messages and summaries write them. */
public final class Units {
    private static final String[] UNITS = {"bytes", "kB", "MB", "GB", "TB", "PB"};

    private Units() {
    }

    /** 84.2 MB, in units of 1024 as pg_size_pretty uses. */
    public static String size(long bytes) {
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

    /** 850 ms, 12.3 s, 2m05s, 1h02m, 7d00h. */
    public static String duration(Duration d) {
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
        if (s < 86_400) {
            return String.format(Locale.ROOT, "%dh%02dm", s / 3_600, (s % 3_600) / 60);
        }
        return String.format(Locale.ROOT, "%dd%02dh", s / 86_400, (s % 86_400) / 3_600);
    }
}
