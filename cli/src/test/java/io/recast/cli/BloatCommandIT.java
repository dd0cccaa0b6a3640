package io.recast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.recast.engine.testkit.Db;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class BloatCommandIT {
    /** A sample line of the Prometheus text format: name, labels with escaped values, a float. */
    private static final Pattern SAMPLE = Pattern.compile(
            "[a-zA-Z_:][a-zA-Z0-9_:]*(\\{([a-zA-Z_][a-zA-Z0-9_]*=\"(\\\\[\\\\\"n]|[^\"\\\\\\n])*\",?)*})? "
                    + "(-?[0-9.]+(E-?[0-9]+)?|NaN|[+-]Inf)");

    @Test
    void reportsTheBloatAsTextJsonAndPrometheus() throws Exception {
        try (Db db = new Db()) {
            db.exec("CREATE TABLE bloated (id bigint PRIMARY KEY, v text)");
            db.exec("INSERT INTO bloated SELECT g, md5(g::text) FROM generate_series(1, 100000) g");
            db.exec("DELETE FROM bloated WHERE id % 2 = 0");
            db.exec("CREATE TABLE \"we\"\"ird\\name\" (id int PRIMARY KEY, v text)");
            db.exec("INSERT INTO \"we\"\"ird\\name\" SELECT g, md5(g::text) FROM generate_series(1, 30000) g");
            db.exec("VACUUM ANALYZE bloated, \"we\"\"ird\\name\"");

            Cli text = Cli.run(Conn.args("bloat", "--schema", db.schema(), "--min-size", "0", "--method", "estimate"));
            assertThat(text.code()).as(text.toString()).isZero();
            assertThat(text.out()).contains("estimated from the planner's statistics, as asked")
                    .containsPattern(db.schema() + "\\.bloated +table .* repack")
                    .contains("repack " + db.schema() + ".bloated: ").contains("would be given back by a rewrite")
                    .contains("1 to repack (");

            Cli json = Cli.run(Conn.args("bloat", "--schema", db.schema(), "--min-size", "0", "--method", "estimate",
                    "--output", "json", "--table", "bloat*"));
            assertThat(json.code()).as(json.toString()).isZero();
            Map<?, ?> parsed = (Map<?, ?>) MiniJson.parse(json.out());
            List<?> databases = (List<?>) parsed.get("databases");
            List<?> relations = (List<?>) ((Map<?, ?>) databases.get(0)).get("relations");
            assertThat(relations).hasSize(2);
            Map<?, ?> first = (Map<?, ?>) relations.get(0);
            assertThat(first.get("name")).isEqualTo("bloated");
            assertThat(first.get("action")).isEqualTo("repack");
            assertThat(((Number) first.get("reclaimablePercent")).doubleValue()).isGreaterThan(30);

            Cli prom = Cli.run(Conn.args("bloat", "--schema", db.schema(), "--min-size", "0", "--method", "estimate",
                    "--output", "prometheus"));
            assertThat(prom.code()).as(prom.toString()).isZero();
            for (String line : prom.out().split("\n")) {
                if (!line.startsWith("#") && !line.isEmpty()) {
                    assertThat(line).matches(SAMPLE);
                }
            }
            assertThat(prom.out()).contains("# TYPE recast_bloat_reclaimable_bytes gauge")
                    .containsPattern("recast_bloat_action\\{action=\"repack\",database=\"[^\"]+\",kind=\"table\","
                            + "relation=\"bloated\",schema=\"" + db.schema() + "\",table=\"bloated\"} 1.0")
                    .contains("relation=\"we\\\"ird\\\\name\"");
        }
    }

    @Test
    void allDatabasesAndRefusals() throws Exception {
        try (Db db = new Db()) {
            db.exec("CREATE TABLE t (id int PRIMARY KEY)");
            String database = db.queryString("SELECT current_database()");
            Cli all = Cli.run(Conn.args("bloat", "--all-databases", "--schema", db.schema(), "--min-size", "0"));
            assertThat(all.code()).as(all.toString()).isZero();
            assertThat(all.out()).contains("database " + database + ": ").contains("database postgres: ")
                    .doesNotContain("database template1");
            Cli bad = Cli.run(Conn.args("bloat", "--method", "guess"));
            assertThat(bad.code()).isEqualTo(ExitCodes.USAGE);
            assertThat(bad.err()).contains("--method must be auto, exact or estimate, was guess");
            Cli badPercent = Cli.run(Conn.args("bloat", "--min-bloat", "120"));
            assertThat(badPercent.code()).isEqualTo(ExitCodes.USAGE);
            assertThat(badPercent.err()).contains("percentage");
        }
    }
}
