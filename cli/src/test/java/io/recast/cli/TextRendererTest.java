package io.recast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.recast.engine.api.CleanupReport;
import io.recast.engine.api.Phase;
import io.recast.engine.api.RewriteResult;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TextRendererTest {

    @Test
    void sizesAreHumanReadableWithTheBytes() {
        assertThat(TextRenderer.size(0)).isEqualTo("0 bytes");
        assertThat(TextRenderer.size(1023)).isEqualTo("1023 bytes");
        assertThat(TextRenderer.size(1536)).isEqualTo("1.5 kB (1536 bytes)");
        assertThat(TextRenderer.size(88_290_509)).isEqualTo("84.2 MB (88290509 bytes)");
        assertThat(TextRenderer.size(5L << 40)).isEqualTo("5.0 TB (5497558138880 bytes)");
    }

    @Test
    void durationsReadNaturally() {
        assertThat(TextRenderer.duration(Duration.ofMillis(850))).isEqualTo("850 ms");
        assertThat(TextRenderer.duration(Duration.ofMillis(12_340))).isEqualTo("12.3 s");
        assertThat(TextRenderer.duration(Duration.ofSeconds(125))).isEqualTo("2m05s");
        assertThat(TextRenderer.duration(Duration.ofMinutes(62))).isEqualTo("1h02m");
    }

    @Test
    void theSummaryHasEveryFact() {
        Map<Phase, Duration> phases = new LinkedHashMap<>();
        phases.put(Phase.PREPARE, Duration.ofMillis(40));
        phases.put(Phase.BACKFILL, Duration.ofMillis(1500));
        RewriteResult r = new RewriteResult("\"public\".\"t\"", 20_000, 5, phases, Duration.ofMillis(1600),
                Duration.ofMillis(3), Duration.ofMillis(12), 1, 88_290_509, 1024, "\"recast\".\"old_1\"");
        assertThat(TextRenderer.result(r)).isEqualTo("""
                table                "public"."t"
                rows copied          20000
                rows replayed        5
                  prepare            40 ms
                  backfill           1.5 s
                total                1.6 s
                cut-over lock wait   3 ms
                cut-over lock hold   12 ms
                cut-over attempts    1
                longest queued wait  0 ms (an application session behind the cut-over)
                size before          84.2 MB (88290509 bytes)
                size after           1.0 kB (1024 bytes)
                old table kept as    "recast"."old_1" (drop it when you no longer need it)
                """);
    }

    @Test
    void cleanupSaysWhatItDidOrThatThereWasNothing() {
        assertThat(TextRenderer.cleanup(new CleanupReport("\"public\".\"t\"", List.of(), List.of(), false), "t"))
                .startsWith("nothing to clean up for \"public\".\"t\"\n").contains("was not removed");
        assertThat(TextRenderer.cleanup(new CleanupReport("\"public\".\"t\"",
                List.of("trigger recast_1 on \"public\".\"t\"", "log table \"recast\".\"log_1\""),
                List.of("shadow table \"recast\".\"shadow_1\" (lock not granted)"), true), "t"))
                .isEqualTo("dropped trigger recast_1 on \"public\".\"t\"\ndropped log table \"recast\".\"log_1\"\n"
                        + "not removed: shadow table \"recast\".\"shadow_1\" (lock not granted)\n"
                        + "removed the recast schema, which nothing needs any more\n");
    }

    /** Each state of a job says what it is and, when nothing runs it, what to run. */
    @Test
    void statusSaysWhatEachJobNeeds() {
        java.time.OffsetDateTime at = java.time.OffsetDateTime.parse("2026-12-06T23:00:00Z");
        io.recast.engine.api.JobStatus running = new io.recast.engine.api.JobStatus(1, "\"public\".\"a\"", "backfill",
                10, 100, 0, 0, null, null, null, 4242, true, at, at, null, null);
        io.recast.engine.api.JobStatus died = new io.recast.engine.api.JobStatus(2, "\"public\".\"b\"", "catch-up",
                100, 100, 5, 3, null, null, null, 4243, false, at, at, null, null);
        io.recast.engine.api.JobStatus stopped = new io.recast.engine.api.JobStatus(3, "\"public\".\"c\"", "cut-over",
                100, 100, 5, 0, null, null, null, 4244, false, at, at, null,
                "failed: cut-over gave up. Not removed yet: trigger x (held up by pid 7 holds AccessShareLock)");
        String text = TextRenderer.jobs(List.of(running, died, stopped));
        assertThat(text).contains("job 1 \"public\".\"a\": running (pid 4242)")
                .contains("job 2 \"public\".\"b\": not running: its process (pid 4243) is gone; 'recast resume --table "
                        + "\"public\".\"b\"' goes on with it, 'recast cleanup --table \"public\".\"b\"' removes what it left")
                .contains("job 3 \"public\".\"c\": stopped: failed: cut-over gave up. Not removed yet: trigger x "
                        + "(held up by pid 7 holds AccessShareLock)");
    }
}
