package io.recast.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class DurationConverterTest {

    @Test
    void readsEachUnit() {
        assertThat(DurationConverter.parse("200ms")).isEqualTo(Duration.ofMillis(200));
        assertThat(DurationConverter.parse("5s")).isEqualTo(Duration.ofSeconds(5));
        assertThat(DurationConverter.parse("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(DurationConverter.parse("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(DurationConverter.parse("7d")).isEqualTo(Duration.ofDays(7));
        assertThat(DurationConverter.parse("1d12h")).isEqualTo(Duration.ofHours(36));
        assertThat(DurationConverter.parse("0s")).isEqualTo(Duration.ZERO);
    }

    @Test
    void readsSumsCaseAndSpaceAround() {
        assertThat(DurationConverter.parse("1m30s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(DurationConverter.parse("1h2m3s4ms")).isEqualTo(Duration.ofMillis(3_723_004));
        assertThat(DurationConverter.parse(" 5S ")).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void refusesBareNumbersAskingForAUnit() {
        assertThatThrownBy(() -> DurationConverter.parse("200"))
                .isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("no unit").hasMessageContaining("200ms");
        assertThatThrownBy(() -> DurationConverter.parse("1.5"))
                .isInstanceOf(TypeConversionException.class).hasMessageContaining("add one");
    }

    @Test
    void refusesOtherInput() {
        for (String bad : new String[] {"", "   ", "abc", "-5s", "5 s", "5sec", "1.5s", "ms", "5w", "s5"}) {
            assertThatThrownBy(() -> DurationConverter.parse(bad)).as(bad)
                    .isInstanceOf(TypeConversionException.class)
                    .hasMessageContaining("not a duration");
        }
        assertThatThrownBy(() -> DurationConverter.parse("99999999999999999999h"))
                .isInstanceOf(TypeConversionException.class).hasMessageContaining("too long");
        assertThatThrownBy(() -> DurationConverter.parse("9223372036854775807h"))
                .isInstanceOf(TypeConversionException.class).hasMessageContaining("too long");
    }

    @Test
    void formatsWhatItReadsBack() {
        for (Duration d : new Duration[] {Duration.ZERO, Duration.ofMillis(200), Duration.ofMillis(1500),
                Duration.ofSeconds(5), Duration.ofMinutes(2), Duration.ofHours(1), Duration.ofSeconds(90)}) {
            assertThat(DurationConverter.parse(DurationConverter.format(d))).isEqualTo(d);
        }
        assertThat(DurationConverter.format(Duration.ofMillis(200))).isEqualTo("200ms");
        assertThat(DurationConverter.format(Duration.ofSeconds(5))).isEqualTo("5s");
        assertThat(DurationConverter.format(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(DurationConverter.format(Duration.ZERO)).isEqualTo("0ms");
    }
}
