package io.recast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.recast.engine.api.CheckItem.Status;
import io.recast.engine.api.CheckItem;
import io.recast.engine.api.CheckOptions;
import io.recast.engine.api.CheckReport;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine;

/** The check's report as text and JSON, and its help; no database. */
class CheckRenderingTest {
    private static final String T = "\"public\".\"t\"";

    private static CheckReport report(Status eligibility, Status transactions) {
        Map<String, Long> figures = new LinkedHashMap<>();
        figures.put("rowEstimate", 1_000_000L);
        figures.put("estimatedMillis", 12_000L);
        return new CheckReport(T, List.of(
                new CheckItem(CheckItem.ELIGIBILITY, eligibility, "repack can rewrite it"),
                new CheckItem(CheckItem.ESTIMATED_TIME, Status.OK, "about 12.0 s (an estimate)", figures),
                new CheckItem(CheckItem.LONG_TRANSACTIONS, transactions, "pid 42 idle in transaction"),
                new CheckItem(CheckItem.PREPARED_TRANSACTIONS, Status.OK, "no prepared transaction")));
    }

    @Test
    void textIsOneLinePerItemStatusFirstThenWhatRepackWouldDo() {
        assertThat(TextRenderer.check(report(Status.OK, Status.WARN))).isEqualTo("""
                OK   eligibility           repack can rewrite it
                OK   estimated time        about 12.0 s (an estimate)
                WARN long transactions     pid 42 idle in transaction
                OK   prepared transactions no prepared transaction
                repack can rewrite "public"."t" (1 WARN: read it first); the check changed nothing
                """);
        assertThat(TextRenderer.check(report(Status.FAIL, Status.OK))).startsWith("FAIL eligibility ")
                .endsWith("repack would refuse \"public\".\"t\" (1 FAIL); the check changed nothing\n");
        assertThat(TextRenderer.check(report(Status.OK, Status.OK)))
                .endsWith("\nrepack can rewrite \"public\".\"t\"; the check changed nothing\n");
    }

    @Test
    void jsonIsOneObjectWithEveryItemAndItsFigures() {
        String json = JsonRenderer.check(report(Status.FAIL, Status.WARN));
        assertThat(json).doesNotContain("\n");
        Map<?, ?> m = (Map<?, ?>) MiniJson.parse(json);
        assertThat(m.get("table")).isEqualTo(T);
        assertThat(m.get("status")).isEqualTo("FAIL");
        assertThat(m.get("hardFailures")).isEqualTo(1.0);
        assertThat(m.get("warnings")).isEqualTo(1.0);
        assertThat(m.get("changed")).isEqualTo(false);
        List<?> items = (List<?>) m.get("items");
        assertThat(items).hasSize(4);
        Map<?, ?> time = (Map<?, ?>) items.get(1);
        assertThat(time.get("name")).isEqualTo("estimated time");
        assertThat(time.get("status")).isEqualTo("OK");
        assertThat(time.get("detail")).isEqualTo("about 12.0 s (an estimate)");
        assertThat(time.get("figures")).isEqualTo(Map.of("rowEstimate", 1_000_000.0, "estimatedMillis", 12_000.0));
        assertThat(((Map<?, ?>) items.get(0)).get("figures")).isEqualTo(Map.of());
    }

    @Test
    void helpNamesEveryItemAndOptionAndTheDefaultThreshold() {
        Cli r = Cli.run("check", "--help");
        assertThat(r.code()).isZero();
        CommandLine sub = Main.commandLine().getSubcommands().get("check");
        for (OptionSpec o : sub.getCommandSpec().options()) {
            for (String name : o.names()) {
                assertThat(r.out()).as(name).contains(name);
            }
        }
        for (String item : List.of(CheckItem.ELIGIBILITY, CheckItem.ESTIMATED_TIME, CheckItem.DISK_SPACE,
                CheckItem.LONG_TRANSACTIONS, CheckItem.PREPARED_TRANSACTIONS, CheckItem.REPLICATION_SLOTS,
                CheckItem.REPLICATION_LAG, CheckItem.CUT_OVER)) {
            assertThat(r.out()).contains("  " + item + " ");
        }
        String help = r.out().replaceAll("\\s+", " ");
        assertThat(help).contains("at any age (default: "
                + DurationConverter.format(CheckOptions.defaults().longTransaction()) + ")");
        assertThat(Cli.run("--help").out()).contains("check");
    }

    @Test
    void aThresholdWithoutUnitIsABadOption() {
        Cli r = Cli.run("check", "--table", "t", "--long-transaction", "5");
        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("has no unit");
    }
}
