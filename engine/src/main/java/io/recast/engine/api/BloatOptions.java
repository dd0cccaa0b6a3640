package io.recast.engine.api;

import java.util.Objects;

/**
 * What {@code bloat} measures and the thresholds of its recommendations; validated once. Build it
 * with {@link #builder()}, which holds the defaults.
 *
 * @param schema          only relations of this schema; null: every schema but the system's and recast's
 * @param tablePattern    only tables whose name (or schema-qualified name) matches this pattern, {@code *}
 *                        for any characters and {@code ?} for one, and their indexes; null: every table
 * @param minSizeBytes    leave out tables and indexes smaller than this
 * @param minBloatPercent the share of a relation's size that must be reclaimable before a rewrite
 *                        (repack, reindex) is recommended
 * @param minDeadPercent  the share of a table's rows that must be dead before a VACUUM is recommended
 * @param method          how to measure
 */
public record BloatOptions(String schema, String tablePattern, long minSizeBytes, int minBloatPercent,
                           int minDeadPercent, Method method) {
    public static final long DEFAULT_MIN_SIZE = 1L << 20;
    public static final int DEFAULT_MIN_BLOAT_PERCENT = 30;
    public static final int DEFAULT_MIN_DEAD_PERCENT = 20;

    /** How a relation's bloat is measured. */
    public enum Method {
        /** pgstattuple's functions where the extension is installed and the role may run them, else statistics. */
        AUTO,
        /** pgstattuple's functions; refused when they cannot be used. */
        EXACT,
        /** the planner's statistics only: reads no table, works for any role. */
        ESTIMATE
    }

    public BloatOptions {
        Objects.requireNonNull(method, "method");
        if (minSizeBytes < 0) {
            throw new InvalidOptionsException("minimum size must not be negative, was " + minSizeBytes);
        }
        if (minBloatPercent < 0 || minBloatPercent > 100) {
            throw new InvalidOptionsException("minimum bloat must be a percentage (0-100), was " + minBloatPercent);
        }
        if (minDeadPercent < 0 || minDeadPercent > 100) {
            throw new InvalidOptionsException("minimum dead rows must be a percentage (0-100), was " + minDeadPercent);
        }
        if (schema != null && schema.isBlank()) {
            throw new InvalidOptionsException("schema must not be empty");
        }
        if (tablePattern != null && tablePattern.isBlank()) {
            throw new InvalidOptionsException("table pattern must not be empty");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public static BloatOptions defaults() {
        return builder().build();
    }

    /** Holds the defaults: every table of at least 1 MB, 30% to rewrite, 20% dead rows to vacuum, AUTO. */
    public static final class Builder {
        private String schema;
        private String tablePattern;
        private long minSizeBytes = DEFAULT_MIN_SIZE;
        private int minBloatPercent = DEFAULT_MIN_BLOAT_PERCENT;
        private int minDeadPercent = DEFAULT_MIN_DEAD_PERCENT;
        private Method method = Method.AUTO;

        private Builder() {
        }

        public Builder schema(String v) {
            schema = v;
            return this;
        }

        public Builder tablePattern(String v) {
            tablePattern = v;
            return this;
        }

        public Builder minSizeBytes(long v) {
            minSizeBytes = v;
            return this;
        }

        public Builder minBloatPercent(int v) {
            minBloatPercent = v;
            return this;
        }

        public Builder minDeadPercent(int v) {
            minDeadPercent = v;
            return this;
        }

        public Builder method(Method v) {
            method = v;
            return this;
        }

        public BloatOptions build() {
            return new BloatOptions(schema, tablePattern, minSizeBytes, minBloatPercent, minDeadPercent, method);
        }
    }
}
