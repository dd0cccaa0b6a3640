package io.recast.engine.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recast.engine.internal.plan.RewriteRequest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RewriteOptionsTest {
    @Test
    void defaults() {
        RewriteOptions o = RewriteOptions.builder().build();
        assertThat(o.backfill().batchRows()).isEqualTo(10_000);
        assertThat(o.cutover().lockTimeout()).isEqualTo(Duration.ofMillis(200));
        assertThat(o.cutover().maxAttempts()).isEqualTo(30);
        assertThat(o.backfill().maxRowsPerSecond()).isZero();
        assertThat(o.keepOld()).isFalse();
        assertThat(o.verify()).isFalse();
    }

    @Test
    void verifyIsKeptForEachPartition() {
        RewriteRequest o = new RewriteRequest("p", null, RewriteOptions.builder().verify(true).build());
        assertThat(o.options().verify()).isTrue();
        assertThat(o.forTable("p_1").options().verify()).isTrue();
        assertThat(o.forTable("p_1").table()).isEqualTo("p_1");
    }

    @Test
    void refusesBadValuesWithTheirName() {
        assertThatThrownBy(() -> RewriteOptions.builder().batchRows(0).build())
                .isInstanceOf(InvalidOptionsException.class).hasMessage("batch size must be >= 1, was 0");
        assertThatThrownBy(() -> RewriteOptions.builder().maxRowsPerSecond(-1).build())
                .isInstanceOf(InvalidOptionsException.class).hasMessageContaining("max rows per second");
        assertThatThrownBy(() -> RewriteOptions.builder().batchPause(Duration.ofMillis(-1)).build())
                .isInstanceOf(InvalidOptionsException.class).hasMessageContaining("batch pause");
        assertThatThrownBy(() -> RewriteOptions.builder().lockTimeout(Duration.ZERO).build())
                .isInstanceOf(InvalidOptionsException.class).hasMessageContaining("lock timeout");
        assertThatThrownBy(() -> RewriteOptions.builder().maxAttempts(0).build())
                .isInstanceOf(InvalidOptionsException.class).hasMessageContaining("max attempts");
        assertThatThrownBy(() -> RewriteOptions.builder().replayRows(0).build())
                .isInstanceOf(InvalidOptionsException.class).hasMessageContaining("replay batch");
        assertThatThrownBy(() -> RewriteOptions.builder().maxLockHold(Duration.ZERO).build())
                .isInstanceOf(InvalidOptionsException.class).hasMessageContaining("max lock hold");
        assertThatThrownBy(() -> new RewriteRequest(" ", null, RewriteOptions.defaults()))
                .isInstanceOf(InvalidOptionsException.class).hasMessageContaining("table");
        assertThat(new InvalidOptionsException("x").kind()).isEqualTo(ErrorKind.INVALID_OPTIONS);
    }

    @Test
    void cleanupOptionsRefuseBadValues() {
        assertThat(CleanupOptions.defaults().dropTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(CleanupOptions.defaults().lockTimeout()).isEqualTo(Duration.ofMillis(200));
        assertThatThrownBy(() -> new CleanupOptions(Duration.ZERO, Duration.ofSeconds(3)))
                .isInstanceOf(InvalidOptionsException.class).hasMessageContaining("lock timeout");
        assertThatThrownBy(() -> new CleanupOptions(Duration.ofMillis(5), Duration.ofSeconds(-1)))
                .isInstanceOf(InvalidOptionsException.class).hasMessage("drop timeout must not be negative, was PT-1S");
        assertThatThrownBy(() -> RewriteOptions.builder().reconnectTimeout(Duration.ofSeconds(-1)).build())
                .isInstanceOf(InvalidOptionsException.class).hasMessageContaining("reconnect timeout");
        assertThat(RewriteOptions.defaults().recovery().reconnectTimeout()).isEqualTo(Duration.ofMinutes(5));
    }
}
