package io.recast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.recast.engine.api.MigrateOptions;
import org.junit.jupiter.api.Test;

class DdlHelpTest {
    /** Every option of plan and migrate is in their help: HelpTest.eachCommandHelpMentionsEveryOption. */
    @Test
    void migrateHelpStatesTheEngineDefaults() {
        MigrateOptions d = MigrateOptions.defaults();
        String help = Cli.run("migrate", "--help").out().replaceAll("\\s+", " ");
        assertThat(help).contains("takes a lock (default: " + DurationConverter.format(d.lockTimeout()) + ")")
                .contains("the run stops (default: " + d.maxAttempts() + ")")
                .contains("as long as it takes (default: 0ms)");
        assertThat(Cli.run("--help").out()).contains("plan").contains("migrate");
    }
}
