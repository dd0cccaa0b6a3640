package io.recast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.recast.engine.testkit.Db;
import org.junit.jupiter.api.Test;

/** recast alter against the real server, in-process: the dry run, a run, a refusal, a bad option. */
class AlterCommandIT {

    @Test
    void dryRunShowsTheChangesThenTheRunAppliesThem() throws Exception {
        try (Db db = new Db()) {
            db.exec("CREATE TABLE t (id integer PRIMARY KEY, v text, note text)");
            db.exec("INSERT INTO t SELECT g, md5(g::text), repeat('x', g % 300) FROM generate_series(1, 5000) g");
            String[] alter = {"alter", "--table", db.q("t"), "--change", "ALTER COLUMN id TYPE bigint",
                "--change", "ALTER COLUMN note TYPE varchar(200)", "--using", "note=left(note, 200)"};
            Cli plan = Cli.run(Conn.args(concat(alter, "--dry-run")));
            assertThat(plan.code()).as(plan.toString()).isZero();
            assertThat(plan.out()).contains("create the shadow table and apply the changes to it")
                    .contains("ALTER COLUMN id TYPE bigint")
                    .contains("ALTER COLUMN note TYPE varchar(200) USING (left(note, 200))")
                    .contains("SELECT \"id\", \"v\", (left(note, 200))");
            assertThat(db.artifacts()).isEmpty();

            Cli r = Cli.run(Conn.args(alter));
            assertThat(r.code()).as(r.toString()).isZero();
            assertThat(r.out()).contains("rows copied          5000").contains("cut-over lock hold ");
            assertThat(r.err()).contains("checking that every value of note converts");
            assertThat(db.queryList("SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = ?::regclass "
                    + "AND attnum > 0 ORDER BY attnum", db.q("t"))).containsExactly("bigint", "text",
                    "character varying(200)");
            assertThat(db.queryLong("SELECT max(length(note)) FROM " + db.q("t"))).isEqualTo(200);
            assertThat(db.artifacts()).isEmpty();
        }
    }

    @Test
    void aValueThatDoesNotConvertExitsThreeNamingTheRow() throws Exception {
        try (Db db = new Db()) {
            db.exec("CREATE TABLE t (id bigint PRIMARY KEY, note text)");
            db.exec("INSERT INTO t SELECT g, 'short' FROM generate_series(1, 1000) g");
            db.exec("UPDATE t SET note = repeat('y', 50) WHERE id = 321");
            Cli r = Cli.run(Conn.args("alter", "--table", db.q("t"), "--change", "ALTER COLUMN note TYPE varchar(20)"));
            assertThat(r.code()).as(r.toString()).isEqualTo(3);
            assertThat(r.err()).contains("the row with key (id)=(321)").contains("value too long");
            assertThat(db.artifacts()).isEmpty();
            Cli bad = Cli.run(Conn.args("alter", "--table", db.q("t"), "--change", "ALTER COLUMN note TYPE varchar(20)",
                    "--using", "no-equals-sign"));
            assertThat(bad.code()).as(bad.toString()).isEqualTo(2);
            assertThat(bad.err()).contains("--using takes COLUMN=EXPRESSION");
            Cli none = Cli.run(Conn.args("alter", "--table", db.q("t")));
            assertThat(none.code()).isEqualTo(2);
            assertThat(none.err()).contains("--change");
        }
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
