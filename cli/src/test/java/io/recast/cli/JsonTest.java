package io.recast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.recast.engine.api.Phase;
import io.recast.engine.api.RewriteResult;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void escapesWhatJsonRequires() {
        assertThat(Json.string("plain")).isEqualTo("\"plain\"");
        assertThat(Json.string("a\"b\\c")).isEqualTo("\"a\\\"b\\\\c\"");
        assertThat(Json.string("l1\nl2\r\t\b\f")).isEqualTo("\"l1\\nl2\\r\\t\\b\\f\"");
        assertThat(Json.string("\u0000\u001f\u2028")).isEqualTo("\"\\u0000\\u001f\\u2028\"");
        assertThat(Json.string("Grüße, 表")).isEqualTo("\"Grüße, 表\"");
        assertThat(Json.string(null)).isEqualTo("null");
    }

    @Test
    void anyStringSurvivesTheRoundTrip() {
        String nasty = "acc.\"Mixed Case \"\"Quoted\"\" Table\" \\ / \n\t\u0001 é \uD83D\uDE00";
        assertThat(MiniJson.parse(Json.string(nasty))).isEqualTo(nasty);
    }

    @Test
    void theResultIsOneObjectWithMilliseconds() {
        Map<Phase, Duration> phases = new LinkedHashMap<>();
        phases.put(Phase.INSPECT, Duration.ofMillis(12));
        phases.put(Phase.BACKFILL, Duration.ofSeconds(3));
        phases.put(Phase.CATCH_UP, Duration.ofMillis(40));
        RewriteResult r = new RewriteResult("acc.\"Mixed \"\"Q\"\"\"", 20_000, 17, phases, Duration.ofMillis(3052),
                Duration.ofMillis(3), Duration.ofMillis(14), 2, 3_047_424, 1_523_712, null);
        String json = JsonRenderer.result(r);
        assertThat(json).doesNotContain("\n");
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) MiniJson.parse(json);
        assertThat(m).containsEntry("table", "acc.\"Mixed \"\"Q\"\"\"")
                .containsEntry("rowsCopied", 20000.0).containsEntry("rowsReplayed", 17.0)
                .containsEntry("phaseDurationsMs", Map.of("inspect", 12.0, "backfill", 3000.0, "catch-up", 40.0))
                .containsEntry("totalMs", 3052.0).containsEntry("lockWaitMs", 3.0).containsEntry("lockHoldMs", 14.0)
                .containsEntry("cutOverAttempts", 2.0).containsEntry("sizeBefore", 3047424.0)
                .containsEntry("sizeAfter", 1523712.0).containsEntry("keptOldTable", null);
        assertThat(List.copyOf(m.keySet())).containsExactly("table", "rowsCopied", "rowsReplayed", "phaseDurationsMs",
                "totalMs", "lockWaitMs", "lockHoldMs", "cutOverAttempts", "longestQueuedWaitMs", "sizeBefore", "sizeAfter",
                "keptOldTable");
    }

    @Test
    void theKeptTableIsAString() {
        RewriteResult r = new RewriteResult("t", 1, 0, Map.of(), Duration.ZERO, Duration.ZERO, Duration.ZERO, 1,
                1, 1, "\"recast\".\"old_16384\"");
        assertThat(((Map<?, ?>) MiniJson.parse(JsonRenderer.result(r))).get("keptOldTable"))
                .isEqualTo("\"recast\".\"old_16384\"");
    }

    @Test
    void aPartitionedTableAddsEachPartitionsResultAndSumsThem() {
        RewriteResult a = new RewriteResult("p_1", 10, 1, Map.of(Phase.BACKFILL, Duration.ofMillis(5)), Duration.ofMillis(9),
                Duration.ofMillis(2), Duration.ofMillis(30), 1, 100, 50, null);
        RewriteResult b = new RewriteResult("p_2", 5, 0, Map.of(Phase.BACKFILL, Duration.ofMillis(7)), Duration.ofMillis(9),
                Duration.ofMillis(4), Duration.ofMillis(20), 2, 10, 5, null);
        Map<?, ?> m = (Map<?, ?>) MiniJson.parse(JsonRenderer.result(RewriteResult.ofPartitions("p", List.of(a, b),
                Duration.ofMillis(25))));
        assertThat(m.get("rowsCopied")).isEqualTo(15.0);
        assertThat(m.get("lockHoldMs")).as("the longest hold").isEqualTo(30.0);
        assertThat(m.get("lockWaitMs")).as("the longest wait").isEqualTo(4.0);
        assertThat(m.get("cutOverAttempts")).isEqualTo(3.0);
        assertThat(m.get("phaseDurationsMs")).isEqualTo(Map.of("backfill", 12.0));
        assertThat((List<?>) m.get("partitions")).hasSize(2);
        assertThat(((Map<?, ?>) ((List<?>) m.get("partitions")).get(1)).get("table")).isEqualTo("p_2");
    }
}
