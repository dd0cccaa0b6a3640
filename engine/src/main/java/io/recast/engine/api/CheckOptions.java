package io.recast.engine.api;

import java.time.Duration;
import java.util.Objects;

/**
 * The thresholds of the pre-flight check; immutable and validated once. Build it with
 * {@link #builder()}, which holds the defaults; {@code repack} uses {@link #defaults()} for the check
 * it runs first.
 *
 * @param longTransaction a transaction open longer than this is reported (sessions idle in a
 *                        transaction are reported at any age)
 * @param replicationLag  a standby whose replay lags more than this is reported
 * @param sampleRows      rows read, in key order, to time the copy
 */
public record CheckOptions(Duration longTransaction, Duration replicationLag, int sampleRows) {
    public CheckOptions {
        Objects.requireNonNull(longTransaction, "longTransaction");
        Objects.requireNonNull(replicationLag, "replicationLag");
        Require.atLeastMillis("long transaction threshold", longTransaction, 1);
        Require.atLeastMillis("replication lag threshold", replicationLag, 1);
        Require.atLeast("sample rows", sampleRows, 1);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** 5 minutes for transactions, 1 minute of replay lag, a sample of 20,000 rows. */
    public static CheckOptions defaults() {
        return builder().build();
    }

    /** Holds the defaults. */
    public static final class Builder {
        private Duration longTransaction = Duration.ofMinutes(5);
        private Duration replicationLag = Duration.ofMinutes(1);
        private int sampleRows = 20_000;

        private Builder() {
        }

        public Builder longTransaction(Duration v) {
            longTransaction = v;
            return this;
        }

        public Builder replicationLag(Duration v) {
            replicationLag = v;
            return this;
        }

        public Builder sampleRows(int v) {
            sampleRows = v;
            return this;
        }

        public CheckOptions build() {
            return new CheckOptions(longTransaction, replicationLag, sampleRows);
        }
    }
}
