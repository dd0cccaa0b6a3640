package io.recast.engine.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RewriteOptionsTest {
    @Test
    void defaults() {
        RewriteOptions o = RewriteOptions.builder("t").build();
        assertThat(o.batchRows()).isEqualTo(10_000);
        assertThat(o.lockTimeout()).isEqualTo(Duration.ofMillis(200));
        assertThat(o.maxAttempts()).isEqualTo(30);
        assertThat(o.maxRowsPerSecond()).isZero();
        assertThat(o.keepOld()).isFalse();
        assertThat(o.verify()).isFalse();
    }

    @Test
    void verifyIsKeptForEachPartition() {
        RewriteOptions o = RewriteOptions.builder("p").verify(true).build();
        assertThat(o.verify()).isTrue();
        assertThat(o.forTable("p_1").verify()).isTrue();
        assertThat(o.forTable("p_1").table()).isEqualTo("p_1");
    }

    @Test
    void refusesBadValuesWithTheirName() {
        assertThatThrownBy(() -> RewriteOptions.builder("t").batchRows(0).build())
                .isInstanceOf(InvalidOptionsException.class).hasMessage("batch size must be >= 1, was 0");
        assertThatThrownBy(() -> RewriteOptions.builder("t").maxRowsPerSecond(-1).build())
                .isInstanceOf(InvalidOptionsException.class).hasMessageContaining("max rows per second");
        assertThatThrownBy(() -> RewriteOptions.builder("t").batchPause(Duration.ofMillis(-1)).build())
                .isInstanceOf(InvalidOptionsException.class).hasMessageContaining("batch pause");
        assertThatThrownBy(() -> RewriteOptions.builder("t").lockTimeout(Duration.ZERO).build())
                .isInstanceOf(InvalidOptionsException.class).hasMessageContaining("lock timeout");
        assertThatThrownBy(() -> RewriteOptions.builder("t").maxAttempts(0).build())
                .isInstanceOf(InvalidOptionsException.class).hasMessageContaining("max attempts");
        assertThatThrownBy(() -> RewriteOptions.builder("t").replayRows(0).build())
                .isInstanceOf(InvalidOptionsException.class).hasMessageContaining("replay batch");
        assertThatThrownBy(() -> RewriteOptions.builder("t").maxLockHold(Duration.ZERO).build())
                .isInstanceOf(InvalidOptionsException.class).hasMessageContaining("max lock hold");
        assertThatThrownBy(() -> RewriteOptions.builder(" ").build())
                .isInstanceOf(InvalidOptionsException.class).hasMessageContaining("table");
        assertThat(new InvalidOptionsException("x").kind()).isEqualTo(ErrorKind.INVALID_OPTIONS);
    }

    @Test
    void cleanupOptionsRefuseBadValues() {
        assertThat(CleanupOptions.defaults("t").attempts()).isEqualTo(10);
        assertThat(CleanupOptions.defaults("t").lockTimeout()).isEqualTo(Duration.ofMillis(200));
        assertThatThrownBy(() -> new CleanupOptions("t", Duration.ZERO, 3))
                .isInstanceOf(InvalidOptionsException.class).hasMessageContaining("lock timeout");
        assertThatThrownBy(() -> new CleanupOptions("t", Duration.ofMillis(5), 0))
                .isInstanceOf(InvalidOptionsException.class).hasMessage("max attempts must be >= 1, was 0");
    }
}
