package io.recast.engine.metrics;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.recast.engine.api.Phase;
import io.recast.engine.api.ProgressSnapshot;
import io.recast.engine.api.RewriteListener;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Records the meters of {@link RecastMeters} in a Micrometer registry and passes every callback
 * on to a delegate (the status display, say). The engine records nothing by itself: without a
 * registry there is no such listener, and {@link #wrap} with a null registry returns the delegate.
 *
 * <pre>{@code
 * Recast.builder(ds).listener(new MetricsListener(registry, myListener)).build();
 * }</pre>
 *
 * Meters are registered per table on its first callback. The callbacks come on the job's thread;
 * the gauges may be read from any thread.
 */
public final class MetricsListener implements RewriteListener {
    private final MeterRegistry registry;
    private final RewriteListener delegate;
    private final Map<String, TableMeters> tables = new ConcurrentHashMap<>();

    public MetricsListener(MeterRegistry registry, RewriteListener delegate) {
        this.registry = requireNonNull(registry, "registry");
        this.delegate = requireNonNull(delegate, "delegate");
    }

    /** A listener that records into {@code registry}, or the delegate itself when there is no registry. */
    public static RewriteListener wrap(MeterRegistry registry, RewriteListener delegate) {
        return registry == null ? delegate : new MetricsListener(registry, delegate);
    }

    @Override
    public void phaseStarted(String table, Phase phase) {
        meters(table);
        delegate.phaseStarted(table, phase);
    }

    @Override
    public void progress(ProgressSnapshot snapshot) {
        meters(snapshot.table()).backlog.set(snapshot.backlog());
        delegate.progress(snapshot);
    }

    @Override
    public void warning(String table, String message) {
        delegate.warning(table, message);
    }

    @Override
    public void batchCopied(String table, long rows, Duration took) {
        TableMeters m = meters(table);
        m.copied.increment(rows);
        m.batch.record(took);
        delegate.batchCopied(table, rows, took);
    }

    @Override
    public void batchReplayed(String table, long rows) {
        meters(table).replayed.increment(rows);
        delegate.batchReplayed(table, rows);
    }

    @Override
    public void throttled(String table, String reason) {
        meters(table).throttled(reason);
        delegate.throttled(table, reason);
    }

    @Override
    public void cutOverAttempt(String table, int attempt, boolean succeeded, Duration lockWait, Duration lockHold) {
        TableMeters m = meters(table);
        Tags tags = m.tags.and(RecastMeters.OUTCOME, succeeded ? RecastMeters.SUCCESS : RecastMeters.FAILURE);
        registry.counter(RecastMeters.CUTOVER_ATTEMPTS, tags).increment();
        timer(RecastMeters.CUTOVER_LOCK_WAIT, tags, "Wait for the cut-over's ACCESS EXCLUSIVE lock, per attempt")
                .record(lockWait);
        if (lockHold != null) {
            timer(RecastMeters.CUTOVER_LOCK_HOLD, tags, "Time the cut-over held ACCESS EXCLUSIVE, per attempt")
                    .record(lockHold);
        }
        delegate.cutOverAttempt(table, attempt, succeeded, lockWait, lockHold);
    }

    private TableMeters meters(String table) {
        return tables.computeIfAbsent(table, TableMeters::new);
    }

    private Timer timer(String name, Tags tags, String description) {
        return Timer.builder(name).tags(tags).description(description).register(registry);
    }

    /** One table's meters; the gauges read the atomics, which this object keeps reachable. */
    private final class TableMeters {
        final Tags tags;
        final Counter copied;
        final Counter replayed;
        final Timer batch;
        final AtomicLong backlog = new AtomicLong();
        final AtomicLong throttledNow = new AtomicLong();
        private Timer.Sample pause;
        private String pauseReason;

        TableMeters(String table) {
            tags = Tags.of(RecastMeters.TABLE, table);
            copied = Counter.builder(RecastMeters.ROWS_COPIED).tags(tags)
                    .description("Rows copied by the backfill").register(registry);
            replayed = Counter.builder(RecastMeters.ROWS_REPLAYED).tags(tags)
                    .description("Change-log rows replayed into the shadow table").register(registry);
            batch = timer(RecastMeters.BATCH_DURATION, tags, "One backfill batch transaction");
            Gauge.builder(RecastMeters.BACKLOG, backlog, AtomicLong::get).tags(tags)
                    .description("Change-log rows waiting to be replayed").register(registry);
            Gauge.builder(RecastMeters.THROTTLED, throttledNow, AtomicLong::get).tags(tags)
                    .description("1 while the backfill is paused by the throttle").register(registry);
        }

        /** Ends the pause under way, if any, and starts one for {@code reason} unless it is null. */
        synchronized void throttled(String reason) {
            if (pause != null) {
                pause.stop(timer(RecastMeters.THROTTLE_PAUSE, tags.and(RecastMeters.REASON, pauseReason),
                        "Backfill pauses by the throttle, by reason"));
                pause = null;
            }
            if (reason != null) {
                pause = Timer.start(registry);
                pauseReason = reason;
            }
            throttledNow.set(reason == null ? 0 : 1);
        }
    }
}
