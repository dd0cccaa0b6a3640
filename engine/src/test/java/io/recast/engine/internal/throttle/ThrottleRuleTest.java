package io.recast.engine.internal.throttle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recast.engine.api.InvalidOptionsException;
import io.recast.engine.api.RewriteOptions;
import io.recast.engine.api.Signal;
import io.recast.engine.api.ThrottleRule;
import java.util.List;
import org.junit.jupiter.api.Test;

class ThrottleRuleTest {

    @Test
    void theFirstSignalAboveItsPauseThresholdIsTheReason() {
        ThrottleRule lag = new ThrottleRule(Signal.REPLICATION_LAG, 10, 60);
        ThrottleRule sessions = ThrottleRule.pause(Signal.ACTIVE_SESSIONS, 20);
        assertThat(ThrottleSignals.pauseReason(List.of(new ThrottleSignals.Reading(lag, 3.0, null),
                new ThrottleSignals.Reading(sessions, 20.0, null)))).isNull();
        assertThat(ThrottleSignals.pauseReason(List.of(new ThrottleSignals.Reading(lag, 12.5, null),
                new ThrottleSignals.Reading(sessions, 40.0, null)))).isEqualTo("replication lag 12.5s > 10s");
        assertThat(ThrottleSignals.pauseReason(List.of(new ThrottleSignals.Reading(lag, null, "unreadable"),
                new ThrottleSignals.Reading(sessions, 40.0, null)))).isEqualTo("active sessions 40 > 20");
    }

    @Test
    void thresholdsAreValidated() {
        assertThatThrownBy(() -> new ThrottleRule(Signal.SLOT_LAG, 100, 10)).isInstanceOf(InvalidOptionsException.class)
                .hasMessageContaining("critical threshold");
        assertThatThrownBy(() -> ThrottleRule.pause(Signal.ACTIVE_SESSIONS, -1)).isInstanceOf(InvalidOptionsException.class);
        assertThatThrownBy(() -> RewriteOptions.builder().throttleRules(List.of(ThrottleRule.pause(Signal.QUERY, 0)))
                .build()).isInstanceOf(InvalidOptionsException.class).hasMessageContaining("needs the query");
        assertThatThrownBy(() -> RewriteOptions.builder().throttleQuery("SELECT 1").build())
                .isInstanceOf(InvalidOptionsException.class).hasMessageContaining("needs a threshold");
        assertThatThrownBy(() -> RewriteOptions.builder().batchRowsBounds(10, 5).build())
                .isInstanceOf(InvalidOptionsException.class);
    }
}
