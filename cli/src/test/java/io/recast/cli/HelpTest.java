package io.recast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.recast.engine.api.ErrorKind;
import io.recast.engine.api.RewriteException;
import io.recast.engine.api.RewriteOptions;
import io.recast.engine.api.RecoveryOptions;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine;

class HelpTest {

    @Test
    void topHelpListsTheCommandsAndEveryExitCodeAsMapped() {
        Cli r = Cli.run("--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("repack").contains("cleanup").contains("--version").contains("-v");
        assertThat(r.out()).contains("Exit codes:");
        for (int code = 0; code <= 8; code++) {
            assertThat(r.out()).containsPattern("(?m)^  " + code + " +\\S");
        }
        ExitCodes m = new ExitCodes();
        int refused = m.getExitCode(new RewriteException(ErrorKind.NOT_ELIGIBLE, ""));
        assertThat(r.out()).containsPattern("(?m)^  " + refused + " +refused");
        assertThat(r.out()).containsPattern("(?m)^  " + ExitCodes.of(ErrorKind.CONCURRENT_RUN) + " +another");
        assertThat(r.out()).containsPattern("(?m)^  " + ExitCodes.of(ErrorKind.LOCK_TIMEOUT)
                + " +a lock was not granted");
        assertThat(r.out()).containsPattern("(?m)^  " + ExitCodes.of(ErrorKind.ABORTED) + " +aborted");
        assertThat(r.out()).containsPattern("(?m)^  " + ExitCodes.of(ErrorKind.DATABASE) + " +database error");
        assertThat(r.out()).containsPattern("(?m)^  " + ExitCodes.of(ErrorKind.INVALID_OPTIONS) + " +invalid");
        assertThat(r.out()).containsPattern("(?m)^  " + ExitCodes.of(ErrorKind.VERIFY_FAILED) + " +--verify found");
        assertThat(r.out()).doesNotContain("-h, --help");
    }

    @Test
    void eachCommandHelpMentionsEveryOption() {
        for (String command : new String[] {"repack", "alter", "cleanup", "plan", "migrate"}) {
            Cli r = Cli.run(command, "--help");
            assertThat(r.code()).isZero();
            CommandLine sub = Main.commandLine().getSubcommands().get(command);
            for (OptionSpec o : sub.getCommandSpec().options()) {
                for (String name : o.names()) {
                    assertThat(r.out()).as(command + " " + name).contains(name);
                }
            }
            assertThat(r.out()).contains("-h, --host").contains("-p, --port").contains("-U, --username")
                    .contains("-d, --dbname").contains("--url").contains("--help");
        }
    }

    @Test
    void repackHelpShowsTheEngineDefaults() {
        RewriteOptions d = RewriteOptions.defaults();
        String help = Cli.run("repack", "--help").out().replaceAll("\\s+", " ");
        assertThat(help).contains("backfill transaction (default: " + d.backfill().batchRows() + ")")
                .contains("0 means no limit (default: " + d.backfill().maxRowsPerSecond() + ")")
                .contains("backfill batch (default: 0ms)")
                .contains("replay transaction (default: " + d.replay().batchRows() + ")")
                .contains("trigger installation (default: " + d.cutover().lockTimeout().toMillis() + "ms)")
                .contains("untouched (default: " + d.cutover().maxAttempts() + ")")
                .contains("rows wait (default: " + d.replay().cutOverBacklog() + ")")
                .contains("is held (default: " + d.cutover().maxLockHold().toSeconds() + "s)")
                .contains("(default: text)")
                .contains("Durations take a unit");
    }

    @Test
    void cleanupHelpShowsItsDefaults() {
        String help = Cli.run("cleanup", "--help").out().replaceAll("\\s+", " ");
        assertThat(help).contains("application (default: "
                + RewriteOptions.defaults().cutover().lockTimeout().toMillis() + "ms)")
                .contains("held it up (default: " + RecoveryOptions.DEFAULT_DROP_TIMEOUT.toMinutes() + "m)");
    }

    @Test
    void versionNamesOurVersionAndTheDriver() {
        Cli r = Cli.run("--version");
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("recast ").contains("PostgreSQL JDBC driver 42.").doesNotContain("${");
        assertThat(Cli.run("-V").out()).isEqualTo(r.out());
    }
}
