package io.recast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.recast.engine.testkit.Db;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code recast check} against the real server, in-process: exit codes 0 and 3, text and JSON. */
class CheckCommandIT {

    @Test
    void anEligibleTablePassesWithExitZeroAndChangesNothing() throws Exception {
        try (Db db = new Db()) {
            db.exec("CREATE TABLE t (id bigint PRIMARY KEY, v text)");
            db.fill("t", 30_000);
            db.exec("ANALYZE t");
            long filenode = db.relfilenode(db.q("t"));
            Cli r = Cli.run(Conn.args("check", "--table", db.q("t")));
            assertThat(r.code()).as(r.toString()).isZero();
            List<String> lines = r.out().lines().toList();
            assertThat(lines).as(r.toString()).hasSize(9);
            assertThat(lines.subList(0, 8)).allMatch(l -> l.matches("(OK  |WARN) \\S.*"));
            assertThat(lines.get(0)).startsWith("OK   eligibility           repack can rewrite it: its key (id)");
            assertThat(r.out()).containsPattern("(?m)^OK   estimated time        about .* \\(an estimate\\)")
                    .containsPattern("(?m)^(OK  |WARN) disk space            about .* more while the run lasts")
                    .containsPattern("(?m)^(OK  |WARN) cut-over              the swap takes ACCESS EXCLUSIVE on ");
            assertThat(lines.get(8)).startsWith("repack can rewrite \"" + db.schema() + "\".\"t\"")
                    .endsWith("; the check changed nothing");
            assertThat(r.err()).doesNotContain("error");
            assertThat(db.relfilenode(db.q("t"))).isEqualTo(filenode);
            assertThat(db.artifacts()).isEmpty();
        }
    }

    @Test
    void aTableWithoutAKeyFailsWithExitThreeInTextAndJson() throws Exception {
        try (Db db = new Db()) {
            db.exec("CREATE TABLE nokey (id bigint, v text)");
            Cli r = Cli.run(Conn.args("check", "--table", db.q("nokey")));
            assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.NOT_ELIGIBLE);
            assertThat(r.out()).startsWith("FAIL eligibility           repack would refuse: ").contains("no primary key")
                    .contains("\nrepack would refuse \"" + db.schema() + "\".\"nokey\" (1 FAIL)");
            assertThat(r.err()).startsWith("recast: error: repack would refuse ").contains("1 FAIL (eligibility)")
                    .doesNotContain("\tat ");

            Cli json = Cli.run(Conn.args("check", "--table", db.q("nokey"), "--output", "json"));
            assertThat(json.code()).as(json.toString()).isEqualTo(ExitCodes.NOT_ELIGIBLE);
            assertThat(json.out()).endsWith("}\n");
            Map<?, ?> m = (Map<?, ?>) MiniJson.parse(json.out());
            assertThat(m.get("table")).isEqualTo("\"" + db.schema() + "\".\"nokey\"");
            assertThat(m.get("status")).isEqualTo("FAIL");
            assertThat(m.get("hardFailures")).isEqualTo(1.0);
            assertThat(m.get("changed")).isEqualTo(false);
            Map<?, ?> first = (Map<?, ?>) ((List<?>) m.get("items")).get(0);
            assertThat(first.get("name")).isEqualTo("eligibility");
            assertThat(first.get("status")).isEqualTo("FAIL");
            assertThat((String) first.get("detail")).contains("no primary key");
            assertThat(db.artifacts()).isEmpty();
        }
    }

    @Test
    void jsonOfAnEligibleTableCarriesTheFiguresAndExitsZero() throws Exception {
        try (Db db = new Db()) {
            db.exec("CREATE TABLE t (id bigint PRIMARY KEY, v text)");
            db.fill("t", 5_000);
            Cli r = Cli.run(Conn.args("check", "--table", db.q("t"), "--output", "json", "--long-transaction", "10m"));
            assertThat(r.code()).as(r.toString()).isZero();
            Map<?, ?> m = (Map<?, ?>) MiniJson.parse(r.out());
            assertThat(m.get("hardFailures")).isEqualTo(0.0);
            List<?> items = (List<?>) m.get("items");
            assertThat(items.stream().map(i -> (String) ((Map<?, ?>) i).get("name")).toList()).containsExactly("eligibility",
                    "estimated time", "disk space", "long transactions", "prepared transactions", "replication slots",
                    "replication lag", "cut-over");
            Map<?, ?> time = (Map<?, ?>) items.get(1);
            Map<?, ?> figures = (Map<?, ?>) time.get("figures");
            assertThat(figures.get("rowEstimate")).isEqualTo(5000.0);
            assertThat(figures.get("sampleRows")).isEqualTo(5000.0);
            Map<?, ?> transactions = (Map<?, ?>) items.get(3);
            assertThat((String) transactions.get("detail")).contains("longer than 10m00s");
        }
    }
}
