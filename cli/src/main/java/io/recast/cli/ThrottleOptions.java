package io.recast.cli;

import io.recast.engine.api.RewriteOptions;
import io.recast.engine.api.Signal;
import io.recast.engine.api.ThrottleRule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The batch-size adaptation and the throttle signals of {@code repack}. Each signal has a
 * {@code --max-...} threshold, above which the run waits between batches, and a
 * {@code --critical-...} one, above which it stops cleanly; both are off unless given.
 */
public final class ThrottleOptions {
    @Option(names = "--target-batch-time", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "The backfill's batch size adapts so that a batch takes about this long, starting at "
                    + "--batch-size; 0ms keeps --batch-size fixed (default: ${DEFAULT-VALUE}).")
    Duration targetBatchTime;

    @Option(names = "--min-batch-size", paramLabel = "N",
            description = "Floor of the adapted batch size (default: ${DEFAULT-VALUE}).")
    int minBatchSize;

    @Option(names = "--max-batch-size", paramLabel = "N",
            description = "Ceiling of the adapted batch size (default: ${DEFAULT-VALUE}).")
    int maxBatchSize;

    @Option(names = "--max-replication-lag", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Wait while a standby's replay lag (pg_stat_replication) is above this. Needs pg_monitor "
                    + "to read the lag; without it the signal is reported unreadable and ignored.")
    Duration maxReplicationLag;

    @Option(names = "--critical-replication-lag", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Stop the run (cleanly) when a standby's replay lag is above this.")
    Duration criticalReplicationLag;

    @Option(names = "--replica-url", paramLabel = "JDBC-URL",
            description = {"A standby whose replay lag is read on the standby itself (how old its last replayed "
                    + "transaction is while it has WAL it has not replayed), against the same two thresholds; "
                    + "for standbys the primary does not list (cascaded) or without pg_monitor. Repeatable. "
                    + "Reached as the same user with the same password as the primary (a user in the URL wins; "
                    + "no password in the URL: it is kept in the job table for resume). Checked to be a standby "
                    + "before anything is created."})
    java.util.List<String> replicaUrls = new ArrayList<>();

    @Option(names = "--max-slot-lag", paramLabel = "SIZE", converter = ByteSizeConverter.class,
            description = "Wait while a replication slot holds back more than this much WAL (a logical slot from what it confirmed, a physical one from its restart point), e.g. 1GB.")
    Long maxSlotLag;

    @Option(names = "--critical-slot-lag", paramLabel = "SIZE", converter = ByteSizeConverter.class,
            description = "Stop the run when a replication slot holds back more than this much WAL.")
    Long criticalSlotLag;

    @Option(names = "--max-active-sessions", paramLabel = "N",
            description = "Wait while more than N client sessions run a statement (recast's own not counted).")
    Integer maxActiveSessions;

    @Option(names = "--critical-active-sessions", paramLabel = "N",
            description = "Stop the run when more than N client sessions run a statement.")
    Integer criticalActiveSessions;

    @Option(names = "--max-lock-waiters", paramLabel = "N",
            description = "Wait while more than N sessions wait for a lock on the table.")
    Integer maxLockWaiters;

    @Option(names = "--critical-lock-waiters", paramLabel = "N",
            description = "Stop the run when more than N sessions wait for a lock on the table.")
    Integer criticalLockWaiters;

    @Option(names = "--critical-backlog", paramLabel = "N",
            description = "Stop the run when more than N change-log rows wait to be replayed (the writes outrun "
                    + "the replay; the log table grows without end).")
    Long criticalBacklog;

    @Option(names = "--throttle-query", paramLabel = "SQL",
            description = "A query returning one number, like gh-ost's: the run waits while it returns more than "
                    + "--throttle-query-threshold. It runs on recast's own connection, with a 10s timeout.")
    String throttleQuery;

    @Option(names = "--throttle-query-threshold", paramLabel = "X", defaultValue = "0",
            description = "Wait while the throttle query returns more than X (default: ${DEFAULT-VALUE}).")
    double throttleQueryThreshold;

    @Option(names = "--critical-query-value", paramLabel = "X",
            description = "Stop the run when the throttle query returns more than X.")
    Double criticalQueryValue;

    @Option(names = "--throttle-interval", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How often the throttle signals are read, and read again while waiting "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration throttleInterval;

    /** Adds these options to the builder. */
    void applyTo(RewriteOptions.Builder b) {
        b.targetBatchTime(targetBatchTime).batchRowsBounds(minBatchSize, maxBatchSize)
                .throttleInterval(throttleInterval).throttleRules(rules()).replicaUrls(replicaUrls);
        if (throttleQuery != null) {
            b.throttleQuery(throttleQuery);
        }
    }

    List<ThrottleRule> rules() {
        List<ThrottleRule> out = new ArrayList<>();
        add(out, Signal.REPLICATION_LAG, seconds(maxReplicationLag), seconds(criticalReplicationLag));
        if (!replicaUrls.isEmpty()) {
            add(out, Signal.REPLICA_LAG, seconds(maxReplicationLag), seconds(criticalReplicationLag));
        }
        add(out, Signal.SLOT_LAG, maxSlotLag, criticalSlotLag);
        add(out, Signal.ACTIVE_SESSIONS, maxActiveSessions, criticalActiveSessions);
        add(out, Signal.LOCK_WAITERS, maxLockWaiters, criticalLockWaiters);
        add(out, Signal.BACKLOG, null, criticalBacklog);
        if (throttleQuery != null || criticalQueryValue != null) {
            add(out, Signal.QUERY, throttleQuery == null ? null : throttleQueryThreshold, criticalQueryValue);
        }
        return out;
    }

    private static Double seconds(Duration d) {
        return d == null ? null : d.toMillis() / 1000.0;
    }

    private static void add(List<ThrottleRule> out, Signal s, Number pause, Number abort) {
        if (pause != null || abort != null) {
            out.add(new ThrottleRule(s, pause == null ? ThrottleRule.OFF : pause.doubleValue(),
                    abort == null ? ThrottleRule.OFF : abort.doubleValue()));
        }
    }
}
