package io.recast.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recast.engine.api.InvalidOptionsException;
import io.recast.engine.api.TablePolicy;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class MaintainPolicyTest {

    @Test
    void readsTheRunsSettingsAndEachTablesSection() {
        MaintainPolicy p = MaintainPolicy.parse("policy.conf", List.of(
                "# nightly maintenance",
                "min_size = 200MB          # as postgresql.conf: underscores or dashes",
                "window = '02:00-05:00'",
                "exclude = audit.*, tmp_*",
                "",
                "[public.events]",
                "min-bloat = 50",
                "min-interval = 30d",
                "[archive.*]",
                "exclude = on"));
        assertThat(p.run).containsEntry("min-size", "200MB").containsEntry("window", "02:00-05:00")
                .containsEntry("exclude", "audit.*, tmp_*");
        assertThat(p.tables).containsExactly(
                new TablePolicy("public.events", null, null, 50, null, Duration.ofDays(30)),
                new TablePolicy("archive.*", true, null, null, null, null));
    }

    @Test
    void refusesWhatItDoesNotKnowWithTheLine() {
        assertThatThrownBy(() -> MaintainPolicy.parse("p", List.of("min-size = 1MB", "windows = 02:00-03:00")))
                .isInstanceOf(InvalidOptionsException.class).hasMessageStartingWith("p, line 2: unknown setting windows");
        assertThatThrownBy(() -> MaintainPolicy.parse("p", List.of("[t]", "order = smallest-first")))
                .hasMessageContaining("line 2: unknown setting order (in a table's section: exclude, min-bloat");
        assertThatThrownBy(() -> MaintainPolicy.parse("p", List.of("[t]", "min-bloat = 120")))
                .hasMessageContaining("section [t] (line 1): min-bloat of t must be a percentage");
        assertThatThrownBy(() -> MaintainPolicy.parse("p", List.of("[t]", "min-interval = 30")))
                .hasMessageContaining("has no unit");
        assertThatThrownBy(() -> MaintainPolicy.parse("p", List.of("min-bloat = 1", "min-bloat = 2")))
                .hasMessageContaining("line 2: min-bloat is set twice");
        assertThatThrownBy(() -> MaintainPolicy.parse("p", List.of("just words")))
                .hasMessageContaining("line 1: expected name = value");
        assertThatThrownBy(() -> MaintainPolicy.parse("p", List.of("[t", "exclude = true")))
                .hasMessageContaining("a section is a table pattern in brackets");
    }

    @Test
    void windowsOpenCloseAndSpanMidnight() {
        LocalTime two = LocalTime.of(2, 0);
        LocalTime five = LocalTime.of(5, 0);
        assertThat(MaintainCommand.open(two, five, LocalTime.of(3, 0))).isTrue();
        assertThat(MaintainCommand.open(two, five, LocalTime.of(5, 0))).isFalse();
        assertThat(MaintainCommand.open(two, five, LocalTime.of(1, 59))).isFalse();
        assertThat(MaintainCommand.open(LocalTime.of(22, 0), LocalTime.of(4, 0), LocalTime.of(23, 30))).isTrue();
        assertThat(MaintainCommand.open(LocalTime.of(22, 0), LocalTime.of(4, 0), LocalTime.of(3, 0))).isTrue();
        assertThat(MaintainCommand.open(LocalTime.of(22, 0), LocalTime.of(4, 0), LocalTime.of(12, 0))).isFalse();
        ZoneId utc = ZoneId.of("UTC");
        ZonedDateTime at3 = ZonedDateTime.of(2026, 12, 7, 3, 0, 0, 0, utc);
        assertThat(MaintainCommand.next(five, at3)).isEqualTo(ZonedDateTime.of(2026, 12, 7, 5, 0, 0, 0, utc).toInstant());
        ZonedDateTime at23 = ZonedDateTime.of(2026, 12, 7, 23, 0, 0, 0, utc);
        assertThat(MaintainCommand.next(LocalTime.of(4, 0), at23))
                .isEqualTo(ZonedDateTime.of(2026, 12, 8, 4, 0, 0, 0, utc).toInstant());
        assertThat(MaintainCommand.time("5:00", "--until")).isEqualTo(five);
        assertThatThrownBy(() -> MaintainCommand.window("02:00")).hasMessageContaining("HH:MM-HH:MM");
        assertThatThrownBy(() -> MaintainCommand.window("02:00-02:00")).hasMessageContaining("is empty");
        assertThatThrownBy(() -> MaintainCommand.time("25:00", "--until")).hasMessageContaining("HH:MM");
    }
}
