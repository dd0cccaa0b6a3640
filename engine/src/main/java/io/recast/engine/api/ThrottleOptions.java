package io.recast.engine.api;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The signals read between batches, each with a pause and a critical threshold.
 *
 * @param rules       one rule per {@link Signal}
 * @param query       SQL returning one number, the {@link Signal#QUERY} signal; null without that rule
 * @param interval    how often the signals are read (and re-read while paused)
 * @param replicaUrls JDBC URLs of standbys whose replay lag is read on the standby itself, the
 *                    {@link Signal#REPLICA_LAG} signal; no password in them (they are kept in the job table)
 */
public record ThrottleOptions(List<ThrottleRule> rules, String query, Duration interval, List<String> replicaUrls) {
    public ThrottleOptions {
        rules = List.copyOf(rules);
        replicaUrls = List.copyOf(replicaUrls);
        Objects.requireNonNull(interval, "interval");
        Require.atLeastMillis("throttle interval", interval, 10);
        boolean queryRule = rules.stream().anyMatch(r -> r.signal() == Signal.QUERY && r.active());
        if (queryRule && (query == null || query.isBlank())) {
            throw new InvalidOptionsException("a throttle or critical threshold for the throttle query needs the query");
        }
        if (query != null && !query.isBlank() && !queryRule) {
            throw new InvalidOptionsException("the throttle query needs a threshold: it throttles while it returns "
                    + "more than the threshold (0 by default on the command line)");
        }
        for (String url : replicaUrls) {
            if (!url.startsWith("jdbc:postgresql:")) {
                throw new InvalidOptionsException("a replica URL must start with jdbc:postgresql:, was " + redact(url));
            }
            if (url.toLowerCase(Locale.ROOT).matches(".*[?&]password=.*")) {
                throw new InvalidOptionsException("a replica URL must not carry a password (it is kept in the job "
                        + "table for resume); the replicas are reached with the same user and password as the primary, "
                        + "or give them in the password file (PGPASSFILE, else ~/.pgpass)");
            }
        }
        boolean replicaRule = rules.stream().anyMatch(r -> r.signal() == Signal.REPLICA_LAG && r.active());
        if (replicaRule != !replicaUrls.isEmpty()) {
            throw new InvalidOptionsException(replicaRule ? "a replica lag threshold needs a replica URL"
                    : "a replica URL needs a replication lag threshold (--max-replication-lag or "
                    + "--critical-replication-lag): without one it would be read for nothing");
        }
        if (rules.stream().map(ThrottleRule::signal).distinct().count() != rules.size()) {
            throw new InvalidOptionsException("one throttle rule per signal");
        }
    }

    /** The URL without its parameters, for messages. */
    public static String redact(String url) {
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q);
    }
}
