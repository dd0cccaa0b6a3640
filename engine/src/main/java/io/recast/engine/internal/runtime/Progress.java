package io.recast.engine.internal.runtime;

import io.recast.engine.api.Phase;
import io.recast.engine.api.ProgressSnapshot;
import io.recast.engine.api.RewriteListener;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The only state the steps share: counters, the current phase and its timings. */
public final class Progress {
    private static final Logger LOG = LoggerFactory.getLogger(Progress.class);
    private static final Duration EMIT_EVERY = Duration.ofMillis(500);
    private static final Duration LOG_EVERY = Duration.ofSeconds(10);

    private final String table;
    private final RewriteListener listener;
    private final Clock clock;
    private final Instant started;
    private final Map<Phase, Duration> durations = new LinkedHashMap<>();
    private Phase phase = Phase.INSPECT;
    private Instant phaseStarted;
    private Instant backfillStarted;
    private Instant backfillEnded;
    private Instant catchUpStarted;
    private Instant lastEmit = Instant.EPOCH;
    private Instant lastLog = Instant.EPOCH;
    private long rowsEstimate;
    private long rowsCopied;
    private long rowsReplayed;
    private long rowsVerified;
    private long backlog;
    private String throttle;

    public Progress(String table, RewriteListener listener, Clock clock) {
        this.table = table;
        this.listener = GuardedListener.wrap(listener);
        this.clock = clock;
        this.started = clock.instant();
        this.phaseStarted = started;
    }

    public void phase(Phase next) {
        Instant now = clock.instant();
        if (next != phase) {
            durations.merge(phase, Duration.between(phaseStarted, now), Duration::plus);
        }
        Phase previous = phase;
        phase = next;
        phaseStarted = now;
        if (next == Phase.BACKFILL && backfillStarted == null) {
            backfillStarted = now;
        }
        if (previous == Phase.BACKFILL && next != Phase.BACKFILL) {
            backfillEnded = now;
        }
        if (next == Phase.CATCH_UP && catchUpStarted == null) {
            catchUpStarted = now;
        }
        LOG.info("{}: {}", table, next.label());
        listener.phaseStarted(table, next);
        emit(true);
    }

    public Phase phase() {
        return phase;
    }

    public void estimate(long rows) {
        rowsEstimate = rows;
    }

    /** Now, on the job's clock: the start of a step that {@link #copied} reports the duration of. */
    public Instant now() {
        return clock.instant();
    }

    /** A resumed job starts from what its earlier process had done. */
    public void resumedAt(long copied, long replayed) {
        rowsCopied = copied;
        rowsReplayed = replayed;
    }

    /** A backfill batch committed {@code rows} in {@code took}. */
    public void copied(long rows, Duration took) {
        rowsCopied += rows;
        listener.batchCopied(table, rows, took);
        emit(false);
    }

    /** A replay batch applied {@code rows} log rows. */
    public void replayed(long rows) {
        rowsReplayed += rows;
        listener.batchReplayed(table, rows);
        emit(false);
    }

    public void backlog(long rows) {
        backlog = rows;
        emit(false);
    }

    /** The backfill pauses for {@code reason}, or goes on again when it is null. */
    public void throttle(String reason) {
        throttle = reason;
        listener.throttled(table, reason);
        emit(false);
    }

    /**
     * A cut-over attempt ended.
     *
     * @param lockHold null when the lock was never granted
     * @see RewriteListener#cutOverAttempt
     */
    public void cutOverAttempt(int attempt, boolean succeeded, Duration lockWait, Duration lockHold) {
        listener.cutOverAttempt(table, attempt, succeeded, lockWait, lockHold);
    }

    /** When the catch-up (the replay after the copy) started, or null before. */
    public Instant catchUpStarted() {
        return catchUpStarted;
    }

    /** Replayed log rows per second over the catch-up so far, or 0 when unknown. */
    public double replayRate() {
        if (catchUpStarted == null || rowsReplayed == 0) {
            return 0;
        }
        long ms = Duration.between(catchUpStarted, clock.instant()).toMillis();
        return ms <= 0 ? 0 : rowsReplayed * 1000.0 / ms;
    }

    /** Why the run is throttled now, or null. */
    public String throttleReason() {
        return throttle;
    }

    /** The table, as messages name it. */
    public String table() {
        return table;
    }

    public long rowsCopied() {
        return rowsCopied;
    }

    public long rowsReplayed() {
        return rowsReplayed;
    }

    /** {@code verify} compared {@code rows} more rows. */
    public void verified(long rows) {
        rowsVerified += rows;
        emit(false);
    }

    /** Phase durations so far, the current phase included. */
    public Map<Phase, Duration> durations() {
        Map<Phase, Duration> out = new LinkedHashMap<>(durations);
        if (phase != Phase.DONE) {
            out.merge(phase, Duration.between(phaseStarted, clock.instant()), Duration::plus);
        }
        return out;
    }

    public Duration elapsed() {
        return Duration.between(started, clock.instant());
    }

    public ProgressSnapshot snapshot() {
        Instant now = clock.instant();
        // the copy rate over the backfill only: it does not decay in the phases after it
        Instant rateEnd = backfillEnded == null ? now : backfillEnded;
        double seconds = backfillStarted == null ? 0 : Duration.between(backfillStarted, rateEnd).toMillis() / 1000.0;
        double rate = seconds > 0 ? rowsCopied / seconds : 0;
        long estimate = Math.max(rowsEstimate, rowsCopied);
        Duration eta = null;
        if (phase == Phase.BACKFILL && rate > 0 && estimate > 0) {
            eta = Duration.ofMillis((long) ((estimate - rowsCopied) / rate * 1000));
        }
        return new ProgressSnapshot(table, phase, rowsCopied, estimate, rate, rowsReplayed, backlog, throttle,
                Duration.between(started, now), eta, rowsVerified);
    }

    private void emit(boolean force) {
        Instant now = clock.instant();
        if (!force && Duration.between(lastEmit, now).compareTo(EMIT_EVERY) < 0) {
            return;
        }
        lastEmit = now;
        ProgressSnapshot s = snapshot();
        if (Duration.between(lastLog, now).compareTo(LOG_EVERY) >= 0) {
            lastLog = now;
            LOG.info("{}: {} copied {}/{} ({}%), replayed {}, backlog {}{}", table, s.phase().label(), s.rowsCopied(),
                    s.rowsEstimate(), Math.round(s.percent()), s.rowsReplayed(), s.backlog(),
                    s.throttle() == null ? "" : ", throttled: " + s.throttle());
        }
        listener.progress(s);
    }
}
