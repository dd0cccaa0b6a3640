package io.recast.engine.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.recast.engine.api.Phase;
import io.recast.engine.api.ProgressSnapshot;
import io.recast.engine.api.RewriteListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MetricsListenerTest {
    private static final String T = "\"public\".\"orders\"";

    private final MockClock clock = new MockClock();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);
    private final List<String> forwarded = new ArrayList<>();
    private final MetricsListener listener = new MetricsListener(registry, new RewriteListener() {
        @Override
        public void phaseStarted(String table, Phase phase) {
            forwarded.add("phase " + table + " " + phase);
        }

        @Override
        public void progress(ProgressSnapshot s) {
            forwarded.add("progress " + s.backlog());
        }

        @Override
        public void warning(String table, String message) {
            forwarded.add("warning " + message);
        }

        @Override
        public void batchCopied(String table, long rows, Duration took) {
            forwarded.add("copied " + rows + " " + took.toMillis());
        }

        @Override
        public void batchReplayed(String table, long rows) {
            forwarded.add("replayed " + rows);
        }

        @Override
        public void throttled(String table, String reason) {
            forwarded.add("throttled " + reason);
        }

        @Override
        public void cutOverAttempt(String table, int attempt, boolean ok, Duration wait, Duration hold) {
            forwarded.add("attempt " + attempt + " " + ok + " " + wait.toMillis() + " " + (hold == null ? "-" : hold.toMillis()));
        }
    });

    private static ProgressSnapshot snapshot(long backlog) {
        return new ProgressSnapshot(T, Phase.CATCH_UP, 10, 10, 1.0, 5, backlog, null, Duration.ofSeconds(1), null);
    }

    private double counter(String name, String... tags) {
        return registry.get(name).tag(RecastMeters.TABLE, T).tags(tags).counter().count();
    }

    private Timer timer(String name, String... tags) {
        return registry.get(name).tag(RecastMeters.TABLE, T).tags(tags).timer();
    }

    private double gauge(String name) {
        return registry.get(name).tag(RecastMeters.TABLE, T).gauge().value();
    }

    @Test
    void batchesCountRowsAndTimeTheBackfillBatch() {
        listener.batchCopied(T, 1_000, Duration.ofMillis(40));
        listener.batchCopied(T, 500, Duration.ofMillis(20));
        listener.batchReplayed(T, 7);
        listener.batchReplayed(T, 3);
        assertThat(counter(RecastMeters.ROWS_COPIED)).isEqualTo(1_500);
        assertThat(counter(RecastMeters.ROWS_REPLAYED)).isEqualTo(10);
        Timer batch = timer(RecastMeters.BATCH_DURATION);
        assertThat(batch.count()).isEqualTo(2);
        assertThat(batch.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(60);
        assertThat(batch.max(TimeUnit.MILLISECONDS)).isEqualTo(40);
    }

    @Test
    void backlogFollowsTheLatestSnapshot() {
        listener.progress(snapshot(1_234));
        assertThat(gauge(RecastMeters.BACKLOG)).isEqualTo(1_234);
        listener.progress(snapshot(0));
        assertThat(gauge(RecastMeters.BACKLOG)).isZero();
    }

    @Test
    void throttleStateAndPausesByReason() {
        listener.phaseStarted(T, Phase.BACKFILL);
        assertThat(gauge(RecastMeters.THROTTLED)).isZero();
        listener.throttled(T, "rate limit 1000 rows/s");
        assertThat(gauge(RecastMeters.THROTTLED)).isEqualTo(1);
        clock.add(Duration.ofMillis(300));
        listener.throttled(T, null);
        assertThat(gauge(RecastMeters.THROTTLED)).isZero();
        listener.throttled(T, "batch pause 50ms");
        clock.add(Duration.ofMillis(50));
        listener.throttled(T, null);

        Timer rate = timer(RecastMeters.THROTTLE_PAUSE, RecastMeters.REASON, "rate limit 1000 rows/s");
        assertThat(rate.count()).isEqualTo(1);
        assertThat(rate.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(300);
        Timer pause = timer(RecastMeters.THROTTLE_PAUSE, RecastMeters.REASON, "batch pause 50ms");
        assertThat(pause.count()).isEqualTo(1);
        assertThat(pause.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(50);
    }

    @Test
    void cutOverAttemptsCountByOutcomeWithLockWaitAndHold() {
        listener.cutOverAttempt(T, 1, false, Duration.ofMillis(200), null);
        listener.cutOverAttempt(T, 2, false, Duration.ofMillis(5), Duration.ofMillis(900));
        listener.cutOverAttempt(T, 3, true, Duration.ofMillis(2), Duration.ofMillis(120));

        String failure = RecastMeters.FAILURE;
        String success = RecastMeters.SUCCESS;
        assertThat(counter(RecastMeters.CUTOVER_ATTEMPTS, RecastMeters.OUTCOME, failure)).isEqualTo(2);
        assertThat(counter(RecastMeters.CUTOVER_ATTEMPTS, RecastMeters.OUTCOME, success)).isEqualTo(1);
        Timer failedWait = timer(RecastMeters.CUTOVER_LOCK_WAIT, RecastMeters.OUTCOME, failure);
        assertThat(failedWait.count()).isEqualTo(2);
        assertThat(failedWait.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(205);
        // the attempt that never got the lock held nothing
        Timer failedHold = timer(RecastMeters.CUTOVER_LOCK_HOLD, RecastMeters.OUTCOME, failure);
        assertThat(failedHold.count()).isEqualTo(1);
        assertThat(failedHold.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(900);
        assertThat(timer(RecastMeters.CUTOVER_LOCK_WAIT, RecastMeters.OUTCOME, success).totalTime(TimeUnit.MILLISECONDS))
                .isEqualTo(2);
        assertThat(timer(RecastMeters.CUTOVER_LOCK_HOLD, RecastMeters.OUTCOME, success).totalTime(TimeUnit.MILLISECONDS))
                .isEqualTo(120);
    }

    @Test
    void everyCallbackReachesTheDelegate() {
        listener.phaseStarted(T, Phase.BACKFILL);
        listener.progress(snapshot(42));
        listener.warning(T, "careful");
        listener.batchCopied(T, 10, Duration.ofMillis(3));
        listener.batchReplayed(T, 4);
        listener.throttled(T, "why");
        listener.throttled(T, null);
        listener.cutOverAttempt(T, 1, true, Duration.ofMillis(1), Duration.ofMillis(2));
        assertThat(forwarded).containsExactly("phase " + T + " BACKFILL", "progress 42", "warning careful",
                "copied 10 3", "replayed 4", "throttled why", "throttled null", "attempt 1 true 1 2");
    }

    @Test
    void tablesGetTheirOwnMetersAndNoRegistryMeansNoListener() {
        listener.batchCopied(T, 10, Duration.ofMillis(1));
        listener.batchCopied("\"public\".\"other\"", 3, Duration.ofMillis(1));
        assertThat(counter(RecastMeters.ROWS_COPIED)).isEqualTo(10);
        assertThat(registry.get(RecastMeters.ROWS_COPIED).tag(RecastMeters.TABLE, "\"public\".\"other\"").counter()
                .count()).isEqualTo(3);

        RewriteListener plain = new RewriteListener() {
        };
        assertThat(MetricsListener.wrap(null, plain)).isSameAs(plain);
        assertThat(MetricsListener.wrap(registry, plain)).isInstanceOf(MetricsListener.class);
    }
}
