package io.recast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.recast.engine.testkit.Db;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code recast plan} and {@code recast migrate} against the real server, in-process: output and exit codes. */
class DdlCommandIT {
    /** The table's constraints; NOT NULL ones only appear in pg_constraint from 18 (contype n) and are left out. */
    private static final String CONSTRAINTS_BUT_NOT_NULL =
            "SELECT conname FROM pg_constraint WHERE conrelid = 't'::regclass AND contype <> 'n' ORDER BY conname";

    @TempDir
    Path dir;

    private static void setup(Db db) throws Exception {
        db.exec("CREATE TABLE t (id int PRIMARY KEY, a int, v varchar(10))");
        db.exec("INSERT INTO t SELECT g, g, 'x' FROM generate_series(1, 1000) g");
    }

    private Path file(String sql) throws Exception {
        Path f = dir.resolve("m.sql");
        Files.writeString(f, sql);
        return f;
    }

    @Test
    void planPrintsEachStatementWithItsLockAndStepsAndChangesNothing() throws Exception {
        try (Db db = new Db()) {
            setup(db);
            long filenode = db.relfilenode(db.q("t"));
            Path f = file(String.format("""
                    -- widen, then a check
                    ALTER TABLE %1$s.t ALTER COLUMN v TYPE varchar(20);
                    ALTER TABLE %1$s.t ADD CONSTRAINT a_pos CHECK (a > 0);
                    CREATE INDEX t_v ON %1$s.t (v);
                    """, db.schema()));
            Cli r = Cli.run(Conn.args("plan", "--sql", f.toString()));
            assertThat(r.code()).as(r.toString()).isZero();
            String t = "\"" + db.schema() + "\".\"t\"";
            assertThat(r.out()).startsWith("statement 1 (line 2): ALTER TABLE " + db.schema() + ".t ALTER COLUMN v TYPE varchar(20)\n"
                            + "  table:      " + t + "\n"
                            + "  as written: ACCESS EXCLUSIVE (blocks reads and writes), metadata only [measured on an "
                            + "empty copy of the table]\n"
                            + "  recast:     DIRECT: metadata only: run as written under lock_timeout\n")
                    .contains("statement 2 (line 3): ALTER TABLE " + db.schema() + ".t ADD CONSTRAINT a_pos CHECK (a > 0)\n")
                    .contains("  as written: ACCESS EXCLUSIVE (blocks reads and writes), validation scan")
                    .contains("  recast:     NOT_VALID_THEN_VALIDATE: ")
                    .contains("    1. ACCESS EXCLUSIVE (blocks reads and writes), metadata only: ALTER TABLE " + t
                            + " ADD CONSTRAINT \"a_pos\" CHECK (a > 0) NOT VALID\n")
                    .contains("    2. SHARE UPDATE EXCLUSIVE (blocks neither reads nor writes), validation scan: ALTER TABLE "
                            + t + " VALIDATE CONSTRAINT \"a_pos\"\n")
                    .contains("  as written: SHARE (blocks writes, not reads), index build")
                    .contains("CREATE INDEX CONCURRENTLY t_v ON " + db.schema() + ".t (v)")
                    .endsWith("3 statement(s); the plan changed nothing\n");
            assertThat(db.relfilenode(db.q("t"))).isEqualTo(filenode);
            assertThat(db.queryList(CONSTRAINTS_BUT_NOT_NULL)).containsExactly("t_pkey");

            Cli json = Cli.run(Conn.args("plan", "--sql", f.toString(), "--output", "json"));
            assertThat(json.code()).as(json.toString()).isZero();
            Map<?, ?> m = (Map<?, ?>) MiniJson.parse(json.out());
            assertThat(m.get("changed")).isEqualTo(false);
            List<?> statements = (List<?>) m.get("statements");
            assertThat(statements).hasSize(3);
            Map<?, ?> second = (Map<?, ?>) statements.get(1);
            assertThat(second.get("strategy")).isEqualTo("NOT_VALID_THEN_VALIDATE");
            assertThat(second.get("lock")).isEqualTo("ACCESS EXCLUSIVE");
            assertThat(second.get("hold")).isEqualTo("scan");
            assertThat(second.get("line")).isEqualTo(3.0);
            assertThat((List<?>) second.get("steps")).hasSize(2);
        }
    }

    @Test
    void planExitsThreeWhenAStatementIsRefused() throws Exception {
        try (Db db = new Db()) {
            setup(db);
            Path f = file("BEGIN;\nVACUUM FULL " + db.q("t") + ";\n");
            Cli r = Cli.run(Conn.args("plan", "--sql", f.toString()));
            assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.NOT_ELIGIBLE);
            assertThat(r.out()).contains("recast:     REFUSED: transaction control")
                    .contains("recast repack --table \"" + db.schema() + "\".\"t\" does the same online");
            assertThat(r.err()).startsWith("recast: error: migrate would refuse statement 1 (line 1), statement 2 (line 2)");
        }
    }

    @Test
    void migrateAppliesTheFileAndReportsEachStatement() throws Exception {
        try (Db db = new Db()) {
            setup(db);
            Path f = file(String.format("""
                    ALTER TABLE %1$s.t ADD COLUMN b int;
                    ALTER TABLE %1$s.t ALTER COLUMN a SET NOT NULL;
                    CREATE INDEX t_b ON %1$s.t (b);
                    """, db.schema()));
            Cli r = Cli.run(Conn.args("migrate", "--sql", f.toString(), "--lock-timeout", "100ms"));
            assertThat(r.code()).as(r.toString()).isZero();
            assertThat(r.out()).containsPattern("(?m)^applied statement 1 \\(line 1\\): .* \\(DIRECT, 1 of 1 step\\(s\\), \\d+ ms\\)$")
                    .containsPattern("(?m)^applied statement 2 \\(line 2\\): .* \\(NOT_NULL_VIA_CHECK, 4 of 4 step\\(s\\), \\d+ ms\\)$")
                    .containsPattern("(?m)^applied statement 3 \\(line 3\\): .* \\(CONCURRENT_INDEX, 1 of 1 step\\(s\\), \\d+ ms\\)$")
                    .endsWith("3 statement(s) applied\n");
            assertThat(r.err()).contains("recast:   step 3: ALTER TABLE \"" + db.schema() + "\".\"t\" ALTER COLUMN a SET NOT NULL");
            assertThat(db.queryString("SELECT attnotnull::text FROM pg_attribute WHERE attrelid = 't'::regclass AND attname = 'a'"))
                    .isEqualTo("true");
            assertThat(db.queryList(CONSTRAINTS_BUT_NOT_NULL)).containsExactly("t_pkey");
        }
    }

    @Test
    void migrateStopsAtTheFirstFailureWithExitSevenAndTheStateLeft() throws Exception {
        try (Db db = new Db()) {
            setup(db);
            Path f = file(String.format("""
                    ALTER TABLE %1$s.t ADD COLUMN b int;
                    ALTER TABLE %1$s.t ADD CONSTRAINT neg CHECK (a < 0);
                    ALTER TABLE %1$s.t ADD COLUMN c int;
                    """, db.schema()));
            Cli r = Cli.run(Conn.args("migrate", "--sql", f.toString()));
            assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.DATABASE);
            assertThat(r.out()).containsPattern("(?m)^applied statement 1 ")
                    .containsPattern("(?m)^FAILED  statement 2 \\(line 2\\): .* \\(NOT_VALID_THEN_VALIDATE, 1 of 2 step\\(s\\)")
                    .containsPattern("(?m)^not run statement 3 \\(line 3\\): ")
                    .contains("state left: constraint \"neg\" is in place NOT VALID");
            assertThat(r.err()).contains("recast: error: statement 2 (line 2), step 2").contains("[SQLSTATE 23514]");
        }
    }

    @Test
    void migrateRunsARewriteThroughTheShadowEngine() throws Exception {
        try (Db db = new Db()) {
            setup(db);
            db.exec("UPDATE t SET v = 'abc' WHERE id = 500");
            String before = db.queryString("SELECT string_agg(id || ':' || a || ':' || v, ',' ORDER BY id) FROM t");
            long filenode = db.relfilenode(db.q("t"));
            Path f = file(String.format("""
                    ALTER TABLE %1$s.t ADD COLUMN b int;
                    ALTER TABLE %1$s.t ALTER COLUMN a TYPE bigint, ALTER COLUMN v TYPE text USING upper(v);
                    CREATE INDEX t_b ON %1$s.t (b);
                    """, db.schema()));
            Cli plan = Cli.run(Conn.args("plan", "--sql", f.toString()));
            assertThat(plan.code()).as(plan.toString()).isZero();
            assertThat(plan.out()).contains("REWRITE");
            Cli r = Cli.run(Conn.args("migrate", "--sql", f.toString()));
            assertThat(r.code()).as(r.toString()).isZero();
            assertThat(r.out()).containsPattern("(?m)^applied statement 1 ").containsPattern("(?m)^applied statement 2 ")
                    .containsPattern("(?m)^applied statement 3 ");
            assertThat(r.err()).contains("recast: backfill ").contains("recast: cut-over ");
            assertThat(db.relfilenode(db.q("t"))).isNotEqualTo(filenode);
            assertThat(db.queryList("SELECT attname || ' ' || format_type(atttypid, atttypmod) FROM pg_attribute "
                    + "WHERE attrelid = 't'::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum"))
                    .containsExactly("id integer", "a bigint", "v text", "b integer");
            assertThat(db.queryString("SELECT string_agg(id || ':' || a || ':' || lower(v), ',' ORDER BY id) FROM t"))
                    .isEqualTo(before);
            assertThat(db.queryLong("SELECT count(*) FROM t WHERE v = 'ABC'")).isEqualTo(1);
            assertThat(db.queryLong("SELECT count(*) FROM pg_index WHERE indexrelid = 't_b'::regclass AND indisvalid"))
                    .isEqualTo(1);
            assertThat(db.artifacts()).isEmpty();
        }
    }

    @Test
    void aMissingFileIsAnOptionError() {
        Cli r = Cli.run(Conn.args("plan", "--sql", dir.resolve("nope.sql").toString()));
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).startsWith("recast: error: cannot read --sql ");
    }
}
