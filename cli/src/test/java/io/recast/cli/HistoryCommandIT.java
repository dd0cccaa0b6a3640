package io.recast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.recast.engine.testkit.Db;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HistoryCommandIT {

    @Test
    void historyListsWhatRecastDidNewestFirst() throws Exception {
        try (Db db = new Db()) {
            db.exec("CREATE TABLE t (id int PRIMARY KEY, v text)");
            db.exec("INSERT INTO t SELECT g, md5(g::text) FROM generate_series(1, 5000) g");
            Cli repack = Cli.run(Conn.args("repack", "--table", db.q("t")));
            assertThat(repack.code()).as(repack.toString()).isZero();
            Cli alter = Cli.run(Conn.args("alter", "--table", db.q("t"), "--change", "ALTER COLUMN id TYPE bigint"));
            assertThat(alter.code()).as(alter.toString()).isZero();

            Cli text = Cli.run(Conn.args("history", "--table", db.schema() + ".t", "--since", "1h"));
            assertThat(text.code()).as(text.toString()).isZero();
            List<String> lines = text.out().lines().toList();
            assertThat(lines.get(0)).startsWith("   ID  STARTED").contains("LOCK HOLD").endsWith("OUTCOME");
            assertThat(lines.get(1)).contains(" alter ").contains(db.schema() + ".t").endsWith("done");
            assertThat(lines.get(2)).contains(" repack ").endsWith("done");
            assertThat(lines).hasSize(3);

            Cli json = Cli.run(Conn.args("history", "--table", db.schema() + ".t", "--output", "json"));
            List<?> entries = (List<?>) MiniJson.parse(json.out());
            assertThat(entries).hasSize(2);
            Map<?, ?> newest = (Map<?, ?>) entries.get(0);
            assertThat(newest.get("action")).isEqualTo("alter");
            assertThat(newest.get("outcome")).isEqualTo("done");
            assertThat(((Number) newest.get("sizeAfter")).longValue()).isPositive();

            Cli none = Cli.run(Conn.args("history", "--table", db.schema() + ".nothing", "--since", "2d"));
            assertThat(none.out()).isEqualTo("nothing recorded in the last 2 days\n");
            Cli bad = Cli.run(Conn.args("history", "--since", "30"));
            assertThat(bad.code()).isEqualTo(ExitCodes.USAGE);
            assertThat(bad.err()).contains("has no unit").contains("30d");
        }
    }
}
