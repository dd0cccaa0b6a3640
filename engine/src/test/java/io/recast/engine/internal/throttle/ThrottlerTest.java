package io.recast.engine.internal.throttle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ThrottlerTest {
    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void noLimitsMeansGo() {
        Throttler t = new Throttler(0, Duration.ZERO, new ManualClock());
        t.start();
        assertThat(t.decide(10_000)).isEqualTo(ThrottleDecision.GO);
    }

    @Test
    void batchPauseAlwaysWaits() {
        Throttler t = new Throttler(0, Duration.ofMillis(150), new ManualClock());
        t.start();
        ThrottleDecision d = t.decide(10);
        assertThat(d.pause()).isTrue();
        assertThat(d.delay()).isEqualTo(Duration.ofMillis(150));
        assertThat(d.reason()).contains("batch pause");
    }

    @Test
    void rateLimitHoldsTheAverage() {
        ManualClock clock = new ManualClock();
        Throttler t = new Throttler(1_000, Duration.ZERO, clock);
        t.start();
        clock.now = clock.now.plusMillis(100);
        ThrottleDecision d = t.decide(500);           // 500 rows are due at 500 ms; 100 ms passed
        assertThat(d.delay()).isEqualTo(Duration.ofMillis(400));
        assertThat(d.reason()).isEqualTo("rate limit 1000 rows/s");
        clock.now = clock.now.plusMillis(2_000);      // far behind the limit: no wait
        assertThat(t.decide(500).pause()).isFalse();
    }
}
