package io.recast.engine.api;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What {@code maintain} picks, in which order, and by when it must be done; validated once. Build it
 * with {@link #builder()}, which holds the defaults.
 *
 * @param schema            only this schema's tables and indexes; null: every schema but the system's and recast's
 * @param minSizeBytes      leave out tables and indexes smaller than this
 * @param minBloatPercent   the reclaimable share that warrants a rewrite (repack, reindex)
 * @param minDeadPercent    the share of dead rows that warrants a VACUUM
 * @param deadline          nothing starts that is not estimated to end by then, and a rewrite still running then
 *                          is stopped before its swap; null: no window
 * @param maxTables         at most this many actions; 0: no limit
 * @param order             which first
 * @param minInterval       leave a relation alone this long after recast last did something to it
 * @param excludes          patterns of tables never touched ({@code *}, {@code ?}), with their indexes
 * @param diskHeadroomBytes the free disk space the user knows of; an action whose new copy would not fit is
 *                          skipped; 0: unknown, not checked
 * @param method            how bloat is measured
 * @param policies          per-table settings, the first matching pattern wins
 * @param rewrite           the options of each repack
 * @param dryRun            plan only: change nothing, record nothing
 */
public record MaintainOptions(String schema, long minSizeBytes, int minBloatPercent, int minDeadPercent, Instant deadline,
                              int maxTables, Order order, Duration minInterval, List<String> excludes,
                              long diskHeadroomBytes, BloatOptions.Method method, List<TablePolicy> policies,
                              RewriteOptions rewrite, boolean dryRun) {
    public static final long DEFAULT_MIN_SIZE = 100L << 20;
    public static final Duration DEFAULT_MIN_INTERVAL = Duration.ofDays(7);

    /** Which actions first. */
    public enum Order {
        /** the most bytes to give back first: the most gained if the window closes early */
        MOST_RECLAIMABLE,
        /** the smallest relations first: the most relations done in a short window */
        SMALLEST_FIRST
    }

    public MaintainOptions {
        Objects.requireNonNull(order, "order");
        Objects.requireNonNull(minInterval, "minInterval");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(rewrite, "rewrite");
        excludes = List.copyOf(excludes);
        policies = List.copyOf(policies);
        // the thresholds' checks are bloat's
        new BloatOptions(schema, null, minSizeBytes, minBloatPercent, minDeadPercent, method);
        Require.atLeast("max tables", maxTables, 0);
        Require.notNegative("min interval", minInterval);
        if (diskHeadroomBytes < 0) {
            throw new InvalidOptionsException("disk headroom must not be negative, was " + diskHeadroomBytes);
        }
        if (!rewrite.backfill().orderBy().isEmpty()) {
            throw new InvalidOptionsException("--order-by names the columns of one table; maintain rewrites many: "
                    + "run recast repack --order-by for the table that needs it");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Holds the defaults: 100 MB, 30% to rewrite, 20% dead to vacuum, no window, most reclaimable first, 7 days. */
    public static final class Builder {
        private String schema;
        private long minSizeBytes = DEFAULT_MIN_SIZE;
        private int minBloatPercent = BloatOptions.DEFAULT_MIN_BLOAT_PERCENT;
        private int minDeadPercent = BloatOptions.DEFAULT_MIN_DEAD_PERCENT;
        private Instant deadline;
        private int maxTables;
        private Order order = Order.MOST_RECLAIMABLE;
        private Duration minInterval = DEFAULT_MIN_INTERVAL;
        private List<String> excludes = List.of();
        private long diskHeadroomBytes;
        private BloatOptions.Method method = BloatOptions.Method.AUTO;
        private List<TablePolicy> policies = List.of();
        private RewriteOptions rewrite = RewriteOptions.defaults();
        private boolean dryRun;

        private Builder() {
        }

        public Builder schema(String v) {
            schema = v;
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

        public Builder deadline(Instant v) {
            deadline = v;
            return this;
        }

        public Builder maxTables(int v) {
            maxTables = v;
            return this;
        }

        public Builder order(Order v) {
            order = v;
            return this;
        }

        public Builder minInterval(Duration v) {
            minInterval = v;
            return this;
        }

        public Builder excludes(List<String> v) {
            excludes = v;
            return this;
        }

        public Builder diskHeadroomBytes(long v) {
            diskHeadroomBytes = v;
            return this;
        }

        public Builder method(BloatOptions.Method v) {
            method = v;
            return this;
        }

        public Builder policies(List<TablePolicy> v) {
            policies = v;
            return this;
        }

        public Builder rewrite(RewriteOptions v) {
            rewrite = v;
            return this;
        }

        public Builder dryRun(boolean v) {
            dryRun = v;
            return this;
        }

        public MaintainOptions build() {
            return new MaintainOptions(schema, minSizeBytes, minBloatPercent, minDeadPercent, deadline, maxTables, order,
                    minInterval, excludes, diskHeadroomBytes, method, policies, rewrite, dryRun);
        }
    }
}
