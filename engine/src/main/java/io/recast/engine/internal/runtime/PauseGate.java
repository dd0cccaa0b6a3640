package io.recast.engine.internal.runtime;

import io.recast.engine.api.AbortedException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Between batches, at most once per interval: asks its sources, in order, whether to pause; while
 * one gives a reason the run waits (asking again every interval) and the progress line says why.
 * The first source with a reason wins, so the later ones are not asked meanwhile.
 */
public final class PauseGate implements BetweenBatches {
    private static final Logger LOG = LoggerFactory.getLogger(PauseGate.class);

    /** One reason to pause: the job's controls, the throttle signals. */
    public interface Source {
        /** Whether it has anything to ask or read at all; the gate skips its checks while none is. */
        boolean active();

        /**
         * Why to pause now, or null.
         *
         * @throws AbortedException when the run must stop
         */
        String pauseReason(Progress progress) throws SQLException;
    }

    private final Duration interval;
    private final Clock clock;
    private final Consumer<String> warn;
    private final List<Source> sources;
    private Instant lastCheck = Instant.EPOCH;

    public PauseGate(Duration interval, Clock clock, Consumer<String> warn, Source... sources) {
        this.interval = interval;
        this.clock = clock;
        this.warn = warn;
        this.sources = List.of(sources);
    }

    /**
     * Returns at once when no source is active or no check is due; else asks the sources and,
     * while one gives a reason, waits (asking again every interval).
     */
    @Override
    public void between(Progress progress, Cancellation cancel) throws SQLException {
        if (sources.stream().noneMatch(Source::active) || Duration.between(lastCheck, clock.instant()).compareTo(interval) < 0) {
            return;
        }
        String pausedFor = null;
        while (true) {
            cancel.check();
            lastCheck = clock.instant();
            String reason = null;
            for (Source s : sources) {
                reason = s.pauseReason(progress);
                if (reason != null) {
                    break;
                }
            }
            if (reason == null) {
                if (pausedFor != null) {
                    LOG.info("{}: throttle lifted ({} no more)", progress.table(), pausedFor);
                    progress.throttle(null);
                }
                return;
            }
            if (!reason.equals(pausedFor)) {
                warn.accept("throttled: " + reason + "; waiting");
                progress.throttle(reason);
                pausedFor = reason;
            }
            cancel.sleep(interval);
        }
    }
}
