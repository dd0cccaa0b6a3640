package io.recast.engine.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalTime;
import org.junit.jupiter.api.Test;

class CutOverWindowTest {

    @Test
    void theStartIsInsideAndTheEndOutsideAlsoPastMidnight() {
        CutOverWindow night = CutOverWindow.parse("02:00-04:00");
        assertThat(night.contains(LocalTime.of(2, 0))).isTrue();
        assertThat(night.contains(LocalTime.of(3, 59))).isTrue();
        assertThat(night.contains(LocalTime.of(4, 0))).isFalse();
        assertThat(night.contains(LocalTime.of(1, 59))).isFalse();
        CutOverWindow wrap = CutOverWindow.parse(" 22:30 - 01:00 ");
        assertThat(wrap.contains(LocalTime.of(23, 0))).isTrue();
        assertThat(wrap.contains(LocalTime.of(0, 30))).isTrue();
        assertThat(wrap.contains(LocalTime.of(1, 0))).isFalse();
        assertThat(wrap.contains(LocalTime.of(12, 0))).isFalse();
    }

    @Test
    void badWindowsAreRefused() {
        assertThatThrownBy(() -> CutOverWindow.parse("2-4")).isInstanceOf(InvalidOptionsException.class)
                .hasMessageContaining("HH:MM-HH:MM");
        assertThatThrownBy(() -> CutOverWindow.parse("02:00-02:00")).isInstanceOf(InvalidOptionsException.class);
    }
}
