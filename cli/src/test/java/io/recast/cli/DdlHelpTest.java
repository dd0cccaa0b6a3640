package io.recast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.recast.engine.ddl.MigrateOptions;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

class DdlHelpTest {
    @Test
    void planAndMigrateHelpMentionEveryOptionAndTheEngineDefaults() {
        for (String command : new String[] {"plan", "migrate"}) {
            Cli r = Cli.run(command, "--help");
            assertThat(r.code()).isZero();
            CommandLine sub = Main.commandLine().getSubcommands().get(command);
            for (OptionSpec o : sub.getCommandSpec().options()) {
                for (String name : o.names()) {
                    assertThat(r.out()).as(command + " " + name).contains(name);
                }
            }
        }
        MigrateOptions d = MigrateOptions.defaults();
        String help = Cli.run("migrate", "--help").out().replaceAll("\\s+", " ");
        assertThat(help).contains("takes a lock (default: " + DurationConverter.format(d.lockTimeout()) + ")")
                .contains("the run stops (default: " + d.maxAttempts() + ")")
                .contains("as long as it takes (default: 0ms)");
        assertThat(Cli.run("--help").out()).contains("plan").contains("migrate");
    }
}
