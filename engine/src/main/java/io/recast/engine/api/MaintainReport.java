package io.recast.engine.api;

import java.time.Duration;
import java.util.List;

/**
 * What one {@code maintain} run in one database did, item by item in the order taken (with
 * --dry-run: would do).
 *
 * @param database the database
 * @param runId    its maintain entry in the history; 0 for a dry run (or when the history could not record it)
 * @param method   how the bloat was measured
 * @param items    the picked relations in order, then those left out with why
 * @param outcome  how the run ended
 * @param took     how long it ran
 */
public record MaintainReport(String database, long runId, String method, List<MaintainItem> items, Outcome outcome,
                             Duration took) {
    public MaintainReport {
        items = List.copyOf(items);
    }

    /** How a run ended; the command line maps each to its exit code. */
    public enum Outcome {
        /** every picked action done, or nothing to do */
        DONE,
        /** at least one action failed; the others were done */
        SOME_FAILED,
        /** the window closed with work left: stopped, not reached, or skipped as too long for what was left */
        WINDOW_CLOSED,
        /** --dry-run */
        PLANNED;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        }
    }
}
