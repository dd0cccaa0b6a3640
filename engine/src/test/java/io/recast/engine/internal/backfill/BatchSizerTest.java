package io.recast.engine.internal.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BatchSizerTest {

    @Test
    void movesTowardsTheTargetByAtMostHalfOrDoubleAStep() {
        BatchSizer s = new BatchSizer(10_000, Duration.ofMillis(500), 1_000, 200_000);
        assertThat(s.next(10_000, Duration.ofMillis(100))).as("5x too fast: doubles only").isEqualTo(20_000);
        assertThat(s.next(20_000, Duration.ofMillis(400))).as("close: the measured rate").isEqualTo(25_000);
        assertThat(s.next(25_000, Duration.ofSeconds(10))).as("20x too slow: halves only").isEqualTo(12_500);
    }

    @Test
    void rescaledToBlocksKeepsItsBoundsInBlocks() {
        BatchSizer s = new BatchSizer(10_000, Duration.ofMillis(500), 1_000, 200_000);
        s.rescale(1 / 40.0); // 40 rows a block
        assertThat(s.size()).isEqualTo(250);
        assertThat(s.next(250, Duration.ofMillis(1))).as("doubles").isEqualTo(500);
        BatchSizer few = new BatchSizer(10, Duration.ofMillis(500), 1, 20);
        few.rescale(1 / 400.0);
        assertThat(few.size()).as("at least one block").isEqualTo(1);
        assertThat(few.next(1, Duration.ofMillis(1))).as("the ceiling, at least one block").isEqualTo(1);
    }

    @Test
    void keepsToTheFloorAndCeiling() {
        BatchSizer s = new BatchSizer(150_000, Duration.ofMillis(500), 1_000, 200_000);
        assertThat(s.next(150_000, Duration.ofMillis(1))).isEqualTo(200_000);
        BatchSizer slow = new BatchSizer(1_500, Duration.ofMillis(500), 1_000, 200_000);
        assertThat(slow.next(1_500, Duration.ofSeconds(30))).isEqualTo(1_000);
    }

    @Test
    void aZeroTargetOrAShortLastBatchChangesNothing() {
        BatchSizer fixed = new BatchSizer(500, Duration.ZERO, 1_000, 200_000);
        assertThat(fixed.size()).as("the first size as given").isEqualTo(500);
        assertThat(fixed.next(500, Duration.ofMillis(1))).isEqualTo(500);
        BatchSizer s = new BatchSizer(10_000, Duration.ofMillis(500), 1_000, 200_000);
        assertThat(s.next(37, Duration.ofMillis(1))).isEqualTo(10_000);
    }
}
