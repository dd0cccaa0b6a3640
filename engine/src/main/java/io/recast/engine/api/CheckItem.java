package io.recast.engine.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One finding of the pre-flight check ({@code Recast.check}).
 *
 * @param name    what was checked: one of the constants below
 * @param status  {@link Status#FAIL} only when the run cannot succeed; {@code repack} refuses then
 * @param detail  one sentence (no line breaks) with what was found and what to do
 * @param figures the measured or estimated numbers behind the detail, by name ({@code tableBytes},
 *                {@code estimatedMillis}, ...); empty when the check has none
 */
public record CheckItem(String name, Status status, String detail, Map<String, Long> figures) {
    public static final String ELIGIBILITY = "eligibility";
    public static final String ESTIMATED_TIME = "estimated time";
    public static final String DISK_SPACE = "disk space";
    public static final String LONG_TRANSACTIONS = "long transactions";
    public static final String PREPARED_TRANSACTIONS = "prepared transactions";
    public static final String REPLICATION_SLOTS = "replication slots";
    public static final String REPLICATION_LAG = "replication lag";
    public static final String CUT_OVER = "cut-over";

    /** In increasing severity. */
    public enum Status {
        /** Nothing in the way. */
        OK,
        /** The run can go ahead, but this will cost time, disk or vacuum progress: read the detail. */
        WARN,
        /** The run cannot succeed as things are: {@code repack} refuses. */
        FAIL
    }

    public CheckItem {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(detail, "detail");
        figures = Collections.unmodifiableMap(new LinkedHashMap<>(figures));
    }

    public CheckItem(String name, Status status, String detail) {
        this(name, status, detail, Map.of());
    }
}
