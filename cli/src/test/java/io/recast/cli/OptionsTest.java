package io.recast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.recast.engine.api.RecoveryOptions;
import io.recast.engine.api.RewriteOptions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class OptionsTest {

    private static RepackCommand parse(String... args) {
        CommandLine cmd = Main.commandLine();
        CommandLine.ParseResult pr = cmd.parseArgs(args);
        return pr.subcommand().commandSpec().commandLine().getCommand();
    }

    @Test
    void withoutOptionsTheEngineDefaultsApply() {
        RepackCommand c = parse("repack", "--table", "public.orders");
        assertThat(c.options()).isEqualTo(RewriteOptions.builder().build());
        assertThat(c.table.name).isEqualTo("public.orders");
    }

    @Test
    void verifyIsOffUnlessAsked() {
        assertThat(parse("repack", "--table", "t").options().verify()).isFalse();
        assertThat(parse("repack", "--table", "t", "--verify").options())
                .isEqualTo(RewriteOptions.builder().verify(true).build());
    }

    @Test
    void everyOptionReachesTheEngine() {
        RepackCommand c = parse("repack", "--table", "acc.\"Mixed Case \"\"Quoted\"\" Table\"", "--batch-size", "500",
                "--max-rows-per-second", "1000", "--batch-pause", "200ms", "--replay-batch", "50",
                "--lock-timeout", "1s", "--max-attempts", "3", "--cut-over-backlog", "10",
                "--max-lock-hold", "2m", "--keep-old", "--rebuild-materialized-views", "--order-by", "account,Created At",
                "--dry-run", "--output", "JSON");
        assertThat(c.table.name).isEqualTo("acc.\"Mixed Case \"\"Quoted\"\" Table\"");
        assertThat(c.options()).isEqualTo(RewriteOptions.builder()
                .batchRows(500).maxRowsPerSecond(1000).batchPause(Duration.ofMillis(200)).replayRows(50)
                .lockTimeout(Duration.ofSeconds(1)).maxAttempts(3).cutOverBacklog(10)
                .maxLockHold(Duration.ofMinutes(2)).keepOld(true).rebuildMaterializedViews(true)
                .orderBy(List.of("account", "Created At")).build());
        assertThat(c.dryRun).isTrue();
        assertThat(c.output).isEqualTo(OutputFormat.json);
    }

    @Test
    void throttleOptionsBecomeRules() {
        RepackCommand c = parse("repack", "--table", "t", "--target-batch-time", "0ms", "--min-batch-size", "10",
                "--max-batch-size", "20", "--max-replication-lag", "10s", "--critical-replication-lag", "1m",
                "--max-slot-lag", "1GB", "--max-active-sessions", "40", "--critical-lock-waiters", "5",
                "--critical-backlog", "1000000", "--throttle-query", "SELECT 1", "--critical-query-value", "9",
                "--throttle-interval", "250ms", "--replica-url", "jdbc:postgresql://standby1/app",
                "--replica-url", "jdbc:postgresql://standby2/app?sslmode=require");
        RewriteOptions o = c.options();
        assertThat(o.throttle().replicaUrls()).containsExactly("jdbc:postgresql://standby1/app",
                "jdbc:postgresql://standby2/app?sslmode=require");
        assertThat(o.backfill().targetBatchTime()).isZero();
        assertThat(o.backfill().minBatchRows()).isEqualTo(10);
        assertThat(o.backfill().maxBatchRows()).isEqualTo(20);
        assertThat(o.throttle().interval()).isEqualTo(Duration.ofMillis(250));
        assertThat(o.throttle().query()).isEqualTo("SELECT 1");
        assertThat(o.throttle().rules()).containsExactly(
                new io.recast.engine.api.ThrottleRule(io.recast.engine.api.Signal.REPLICATION_LAG, 10, 60),
                new io.recast.engine.api.ThrottleRule(io.recast.engine.api.Signal.REPLICA_LAG, 10, 60),
                io.recast.engine.api.ThrottleRule.pause(io.recast.engine.api.Signal.SLOT_LAG, 1L << 30),
                io.recast.engine.api.ThrottleRule.pause(io.recast.engine.api.Signal.ACTIVE_SESSIONS, 40),
                io.recast.engine.api.ThrottleRule.abort(io.recast.engine.api.Signal.LOCK_WAITERS, 5),
                io.recast.engine.api.ThrottleRule.abort(io.recast.engine.api.Signal.BACKLOG, 1_000_000),
                new io.recast.engine.api.ThrottleRule(io.recast.engine.api.Signal.QUERY, 0, 9));
    }

    @Test
    void aReplicaUrlNeedsALagThresholdAndNoPassword() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> parse("repack", "--table", "t",
                "--replica-url", "jdbc:postgresql://standby1/app").options())
                .hasMessageContaining("a replica URL needs a replication lag threshold");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> parse("repack", "--table", "t",
                "--max-replication-lag", "5s", "--replica-url", "jdbc:postgresql://standby1/app?user=a&password=secret")
                .options())
                .hasMessageContaining("must not carry a password").hasMessageNotContaining("secret");
    }

    @Test
    void sizesTakePostgresUnits() {
        assertThat(ByteSizeConverter.parse("512")).isEqualTo(512);
        assertThat(ByteSizeConverter.parse("64kB")).isEqualTo(65_536);
        assertThat(ByteSizeConverter.parse("2 GB")).isEqualTo(2L << 30);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ByteSizeConverter.parse("1.5GB"))
                .hasMessageContaining("not a size");
    }

    @Test
    void verbosityCountsBeforeOrAfterTheCommand() {
        for (String[] args : new String[][] {{"repack", "-vv", "--table", "t"}, {"-vv", "cleanup", "--table", "t"},
                {"-v", "repack", "--table", "t", "-v", "-v"}}) {
            CommandLine cmd = Main.commandLine();
            cmd.parseArgs(args);
            assertThat(((Main) cmd.getCommand()).verbosity()).as(String.join(" ", args)).isEqualTo(2);
        }
        CommandLine quiet = Main.commandLine();
        quiet.parseArgs("repack", "--table", "t");
        assertThat(((Main) quiet.getCommand()).verbosity()).isZero();
    }

    @Test
    void cleanupWaitsForLocksAsTheEngineDefaults() {
        CommandLine.ParseResult pr = Main.commandLine().parseArgs("cleanup", "--table", "t");
        CleanupCommand c = pr.subcommand().commandSpec().commandLine().getCommand();
        assertThat(c.lockTimeout).isEqualTo(RewriteOptions.defaults().cutover().lockTimeout());
        assertThat(c.dropTimeout).isEqualTo(RecoveryOptions.DEFAULT_DROP_TIMEOUT);
        Cli r = Cli.run("cleanup", "--table", "t", "--lock-timeout", "0ms", "--url", "jdbc:postgresql://192.0.2.1:1/x");
        assertThat(r.code()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("recast: error: lock timeout must be at least 1ms, was PT0S" + System.lineSeparator());
    }

    @Test
    void aValueTheEngineRefusesExitsTwoBeforeConnecting() {
        Cli r = Cli.run("repack", "--table", "t", "--batch-size", "0", "--url", "jdbc:postgresql://192.0.2.1:1/x");
        assertThat(r.code()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("recast: error: batch size must be >= 1, was 0" + System.lineSeparator());
        assertThat(r.out()).isEmpty();
    }

    @Test
    void otherEngineValidationsExitTwo() {
        assertThat(Cli.run("repack", "--table", "t", "--lock-timeout", "0ms").err())
                .contains("lock timeout must be at least 1ms");
        assertThat(Cli.run("repack", "--table", "t", "--max-attempts", "0").code()).isEqualTo(2);
        assertThat(Cli.run("repack", "--table", " ").err()).contains("table must not be empty");
        assertThat(Cli.run("repack", "--table", "t", "--order-by", "a,b,a").err())
                .contains("--order-by names a column twice: [a, b, a]");
    }

    @Test
    void usageErrorsExitTwoWithAHint() {
        Cli bareDuration = Cli.run("repack", "--table", "t", "--lock-timeout", "200");
        assertThat(bareDuration.code()).isEqualTo(2);
        assertThat(bareDuration.err()).startsWith("recast: error: Invalid value for option '--lock-timeout': "
                + "'200' has no unit; add one: 200ms").contains("Try 'recast repack --help'");

        Cli missingTable = Cli.run("repack", "--batch-size", "10");
        assertThat(missingTable.code()).isEqualTo(2);
        assertThat(missingTable.err()).contains("Missing required option: '--table=TABLE'");

        Cli unknown = Cli.run("repack", "--table", "t", "--batchsize", "10");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("Unknown option").contains("--batch-size");

        assertThat(Cli.run("repack", "--table", "t", "--batch-size", "ten").code()).isEqualTo(2);
        assertThat(Cli.run("repack", "--table", "t", "--output", "yaml").code()).isEqualTo(2);
        assertThat(Cli.run("frobnicate").code()).isEqualTo(2);
        assertThat(Cli.run().code()).isEqualTo(2);
    }

    @Test
    void urlExcludesHostPortAndDbname() {
        for (String[] extra : new String[][] {{"-h", "db1"}, {"-p", "5433"}, {"-d", "app"}}) {
            Cli r = Cli.run("repack", "--table", "t", "--url", "jdbc:postgresql://db1/app", extra[0], extra[1]);
            assertThat(r.code()).as(r.toString()).isEqualTo(2);
            assertThat(r.err()).contains("--url cannot be combined with --host, --port or --dbname");
        }
        Cli cleanup = Cli.run("cleanup", "--table", "t", "--url", "jdbc:postgresql://db1/app", "--host", "db2");
        assertThat(cleanup.code()).isEqualTo(2);
    }

    @Test
    void aFailedConnectionExitsSevenWithoutThePassword() {
        Cli r = Cli.run("repack", "--table", "t", "--url",
                "jdbc:postgresql://127.0.0.1:1/app?password=sekrit&connectTimeout=5");
        assertThat(r.code()).as(r.toString()).isEqualTo(7);
        assertThat(r.err()).startsWith("recast: error: cannot connect to jdbc:postgresql://127.0.0.1:1/app?...")
                .contains("[SQLSTATE 08001]").doesNotContain("sekrit").doesNotContain("\tat ");
    }

    @Test
    void verbosePrintsTheStackTrace() {
        Cli r = Cli.run("-v", "cleanup", "--table", "t", "--url", "jdbc:postgresql://127.0.0.1:1/app");
        assertThat(r.code()).isEqualTo(7);
        assertThat(r.err()).contains("recast: error: cannot connect").contains("\tat ");
    }
}
