package io.recast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.recast.engine.testkit.Db;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MaintainCommandIT {

    private static void bloated(Db db, String table, int rows) throws Exception {
        db.exec("CREATE TABLE " + table + " (id bigint PRIMARY KEY, v text)");
        db.exec("INSERT INTO " + table + " SELECT g, md5(g::text) FROM generate_series(1, " + rows + ") g");
        db.exec("DELETE FROM " + table + " WHERE id % 2 = 0");
        db.exec("VACUUM ANALYZE " + table);
    }

    @Test
    void dryRunThenRunThenNothingLeft() throws Exception {
        try (Db db = new Db()) {
            bloated(db, "big", 60_000);
            bloated(db, "other", 40_000);
            Cli plan = Cli.run(Conn.args("maintain", "--schema", db.schema(), "--min-size", "1MB", "--dry-run",
                    "--method", "estimate", "--exclude", "oth*"));
            assertThat(plan.code()).as(plan.toString()).isZero();
            assertThat(plan.out()).contains("database ").contains("the plan (--dry-run: nothing changed)")
                    .containsPattern("  1  repack   " + db.schema() + "\\.big .* reclaimable")
                    .contains("left out: repack " + db.schema() + ".other: excluded by --exclude oth*")
                    .contains("estimated ");

            // the command line wins over the policy file; every database with --all-databases
            Path strict = Files.createTempFile("recast-policy", ".conf");
            Files.writeString(strict, "min-size = 1TB\nmethod = estimate\n");
            Cli wins = Cli.run(Conn.args("maintain", "--schema", db.schema(), "--policy", strict.toString(),
                    "--min-size", "1MB", "--dry-run", "--all-databases"));
            assertThat(wins.code()).as(wins.toString()).isZero();
            assertThat(wins.out()).containsPattern("  1  repack   " + db.schema() + "\\.big ")
                    .contains("database " + db.queryString("SELECT current_database()") + ": the plan")
                    .contains("database postgres: the plan");
            Cli policyOnly = Cli.run(Conn.args("maintain", "--schema", db.schema(), "--policy", strict.toString(),
                    "--dry-run"));
            assertThat(policyOnly.out()).as("the policy's 1TB minimum").contains("nothing to do");
            Files.delete(strict);

            Path policy = Files.createTempFile("recast-policy", ".conf");
            Files.writeString(policy, "min-size = 1MB\nmethod = estimate\n\n[" + db.schema() + ".other]\nexclude = true\n");
            Cli run = Cli.run(Conn.args("maintain", "--schema", db.schema(), "--policy", policy.toString(),
                    "--output", "json"));
            assertThat(run.code()).as(run.toString()).isZero();
            Map<?, ?> parsed = (Map<?, ?>) MiniJson.parse(run.out());
            Map<?, ?> database = (Map<?, ?>) ((List<?>) parsed.get("databases")).get(0);
            assertThat(database.get("outcome")).isEqualTo("done");
            List<?> items = (List<?>) database.get("items");
            Map<?, ?> big = (Map<?, ?>) items.get(0);
            assertThat(big.get("name")).isEqualTo("big");
            assertThat(big.get("status")).isEqualTo("done");
            assertThat(((Number) big.get("sizeAfter")).longValue()).isLessThan(((Number) big.get("sizeBefore")).longValue());
            assertThat(((Map<?, ?>) items.get(1)).get("detail")).isEqualTo("excluded by the policy's [" + db.schema() + ".other]");
            assertThat(run.err()).contains("maintain: [1/1] repack " + db.schema() + ".big: ")
                    .contains("maintain: repack " + db.schema() + ".big: done");
            Cli history = Cli.run(Conn.args("history", "--table", db.schema() + ".big"));
            assertThat(history.out()).contains("repack").contains("(maintain run ");
            Files.delete(policy);
        }
    }

    @Test
    void exitCodesForAFailureAndAClosedWindow() throws Exception {
        try (Db db = new Db()) {
            db.exec("CREATE TABLE u (id bigint PRIMARY KEY, v int)");
            db.exec("INSERT INTO u SELECT g, g % 10 FROM generate_series(1, 20000) g");
            try {
                db.exec("CREATE UNIQUE INDEX CONCURRENTLY u_v ON u (v)");
            } catch (java.sql.SQLException expected) {
                // an INVALID index is left, which a REINDEX fails on again
            }
            Cli failed = Cli.run(Conn.args("maintain", "--schema", db.schema(), "--min-size", "0"));
            assertThat(failed.code()).as(failed.toString()).isEqualTo(MaintainCommand.SOME_FAILED);
            assertThat(failed.out()).contains("maintain some failed").contains("failed")
                    .contains("could not create unique index");

            LocalTime now = LocalTime.now();
            String closed = now.plusHours(2).withMinute(0) + "-" + now.plusHours(3).withMinute(0);
            Cli window = Cli.run(Conn.args("maintain", "--schema", db.schema(), "--window", closed));
            assertThat(window.code()).as(window.toString()).isEqualTo(MaintainCommand.WINDOW_CLOSED);
            assertThat(window.err()).contains("the window " + closed + " is not open now").contains("nothing done");
            Cli both = Cli.run(Conn.args("maintain", "--until", "05:00", "--window", "02:00-03:00"));
            assertThat(both.code()).isEqualTo(ExitCodes.USAGE);
            assertThat(both.err()).contains("give --until or --window, not both");
            Cli orderBy = Cli.run(Conn.args("maintain", "--order-by", "id"));
            assertThat(orderBy.code()).isEqualTo(ExitCodes.USAGE);
            assertThat(orderBy.err()).contains("--order-by names the columns of one table");
        }
    }
}
