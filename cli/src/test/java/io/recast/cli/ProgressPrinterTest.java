package io.recast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.recast.engine.api.Phase;
import io.recast.engine.api.ProgressSnapshot;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ProgressPrinterTest {
    private static final String NL = System.lineSeparator();

    /** A clock the test moves. */
    static final class TestClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }
    }

    private static ProgressSnapshot snap(Phase phase, long copied, String throttle, Duration eta) {
        return new ProgressSnapshot("\"public\".\"t\"", phase, copied, 20_000, 4_210.4, 7, 3, throttle,
                Duration.ofSeconds(3), eta);
    }

    @Test
    void aLineHasEveryFact() {
        assertThat(ProgressPrinter.format(snap(Phase.BACKFILL, 12_000, "replica lag 12s", Duration.ofMillis(1900))))
                .isEqualTo("backfill 12000/20000 rows (60.0%), 4210 rows/s, replayed 7, backlog 3, "
                        + "throttled: replica lag 12s, ETA 2s");
        assertThat(ProgressPrinter.format(snap(Phase.CATCH_UP, 20_000, null, null)))
                .isEqualTo("catch-up 20000/20000 rows (100.0%), replayed 7, backlog 3");
        assertThat(ProgressPrinter.format(new ProgressSnapshot("t", Phase.PREPARE, 0, 0, 0, 0, 0, null,
                Duration.ZERO, null))).isEqualTo("prepare 0 rows, replayed 0, backlog 0");
        assertThat(ProgressPrinter.format(snap(Phase.BACKFILL, 1, null, Duration.ofSeconds(125))))
                .endsWith("ETA 2m05s");
        assertThat(ProgressPrinter.format(new ProgressSnapshot("t", Phase.VERIFY, 20_000, 20_000, 0, 7, 3, null,
                Duration.ofSeconds(3), null, 12_500))).isEqualTo("verify 20000/20000 rows (100.0%), verified 12500, "
                + "replayed 7, backlog 3");
    }

    @Test
    void plainLinesAtMostEveryFiveSecondsAndAtEveryPhase() {
        StringWriter w = new StringWriter();
        TestClock clock = new TestClock();
        ProgressPrinter p = new ProgressPrinter(new PrintWriter(w), false, clock);
        p.phaseStarted("t", Phase.BACKFILL);
        p.progress(snap(Phase.BACKFILL, 0, null, null));
        clock.advance(Duration.ofSeconds(1));
        p.progress(snap(Phase.BACKFILL, 1000, null, null));
        clock.advance(Duration.ofMillis(3999));
        p.progress(snap(Phase.BACKFILL, 2000, null, null));
        clock.advance(Duration.ofMillis(1));
        p.progress(snap(Phase.BACKFILL, 3000, null, null));
        clock.advance(Duration.ofMillis(100));
        p.phaseStarted("t", Phase.INDEX);
        p.progress(snap(Phase.INDEX, 20_000, null, null));
        p.warning("t", "cut-over attempt 1 of 30 rolled back");
        p.progress(snap(Phase.DONE, 20_000, null, null));
        p.finish();
        assertThat(w.toString()).isEqualTo(
                "recast: backfill 0/20000 rows (0.0%), 4210 rows/s, replayed 7, backlog 3" + NL
                + "recast: backfill 3000/20000 rows (15.0%), 4210 rows/s, replayed 7, backlog 3" + NL
                + "recast: index 20000/20000 rows (100.0%), replayed 7, backlog 3" + NL
                + "recast: warning: cut-over attempt 1 of 30 rolled back" + NL);
    }

    @Test
    void onATerminalOneLineIsRewrittenInPlace() {
        StringWriter w = new StringWriter();
        ProgressPrinter p = new ProgressPrinter(new PrintWriter(w), true, new TestClock());
        p.progress(snap(Phase.BACKFILL, 0, null, null));
        p.progress(snap(Phase.BACKFILL, 1000, null, null));
        p.warning("t", "slow");
        p.finish();
        String line0 = "backfill 0/20000 rows (0.0%), 4210 rows/s, replayed 7, backlog 3";
        String line1 = "backfill 1000/20000 rows (5.0%), 4210 rows/s, replayed 7, backlog 3";
        assertThat(w.toString()).isEqualTo("\r" + line0 + "\u001b[K" + "\r" + line1 + "\u001b[K"
                + "\r\u001b[K" + "recast: warning: slow" + NL + line1 + "\u001b[K" + "\r\u001b[K");
    }
}
