package io.recast.engine.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.recast.engine.Recast;
import io.recast.engine.api.Alteration;
import io.recast.engine.api.RewriteOptions;
import io.recast.engine.testkit.Db;
import io.recast.engine.testkit.PgDump;
import io.recast.engine.testkit.PgFixture;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.postgresql.ds.PGSimpleDataSource;
import org.junit.jupiter.api.Test;

/**
 * Properties of a table that rewrites used to lose: each test repacks a table that has one and
 * expects the schema's dump unchanged, as the scenarios do.
 */
class LostInRewriteIT {

    private static void assertRepackKeepsTheDump(Db db) throws Exception {
        db.exec("INSERT INTO target (id) SELECT g FROM generate_series(1, 100) g");
        String before = PgDump.schema(db, db.schema());
        Recast.builder(db.dataSource()).build().repack(db.q("target"), RewriteOptions.builder().batchRows(500).build());
        assertThat(PgDump.schema(db, db.schema())).isEqualTo(before);
        assertThat(db.artifacts()).isEmpty();
    }

    @Test
    void columnOptionsAreKept() throws Exception {
        try (Db db = new Db()) {
            db.exec("CREATE TABLE target (id int PRIMARY KEY, zip text)");
            db.exec("ALTER TABLE target ALTER COLUMN zip SET (n_distinct = -0.2, n_distinct_inherited = 5)");
            assertRepackKeepsTheDump(db);
        }
    }

    @Test
    void indexColumnStatisticsTargetIsKept() throws Exception {
        try (Db db = new Db()) {
            db.exec("CREATE TABLE target (id int PRIMARY KEY, v text)");
            db.exec("CREATE INDEX target_lower ON target (lower(v))");
            db.exec("ALTER INDEX target_lower ALTER COLUMN 1 SET STATISTICS 77");
            assertRepackKeepsTheDump(db);
        }
    }

    @Test
    void tableAccessMethodIsKept() throws Exception {
        try (Db db = new Db()) {
            String am = db.schema() + "_am";
            try {
                // a second table access method, with heap's handler: the only one a plain server has
                db.exec("CREATE ACCESS METHOD " + am + " TYPE TABLE HANDLER heap_tableam_handler");
                db.exec("CREATE TABLE target (id int PRIMARY KEY, v text) USING " + am);
                assertRepackKeepsTheDump(db);
            } finally {
                db.exec("DROP TABLE IF EXISTS target");
                db.exec("DROP ACCESS METHOD IF EXISTS " + am);
            }
        }
    }

    @Test
    void aHeapTableStaysHeapWhenTheSessionsDefaultAccessMethodIsAnother() throws Exception {
        try (Db db = new Db()) {
            String am = db.schema() + "_am";
            try {
                db.exec("CREATE ACCESS METHOD " + am + " TYPE TABLE HANDLER heap_tableam_handler");
                db.exec("CREATE TABLE target (id int PRIMARY KEY, v text) USING heap");
                db.exec("INSERT INTO target (id) SELECT g FROM generate_series(1, 100) g");
                // as ALTER DATABASE or ALTER ROLE ... SET default_table_access_method would give recast's sessions
                PGSimpleDataSource other = PgFixture.get().dataSource();
                other.setOptions("-c default_table_access_method=" + am);
                Recast.builder(other).build().repack(db.q("target"), RewriteOptions.builder().batchRows(500).build());
                assertThat(db.queryString("SELECT a.amname FROM pg_class c JOIN pg_am a ON a.oid = c.relam "
                        + "WHERE c.oid = ?::regclass", db.q("target"))).isEqualTo("heap");
                assertThat(db.artifacts()).isEmpty();
            } finally {
                db.exec("DROP TABLE IF EXISTS target");
                db.exec("DROP ACCESS METHOD IF EXISTS " + am);
            }
        }
    }

    /**
     * Security labels on the table and its columns are set again on the new table (repack: the dump is
     * unchanged; alter: they follow the columns, a renamed one too). PostgreSQL takes a label only for
     * a provider a loaded module registered: scripts/label-provider.sh builds the tests' own
     * (recast_test) for the local server, and recast's sessions load it here as sepgsql's would be.
     */
    @Test
    void securityLabelsAreKept() throws Exception {
        PGSimpleDataSource labelled = PgFixture.get().dataSource();
        labelled.setOptions("-c session_preload_libraries=recast_test_label");
        try (Connection c = labelled.getConnection()) {
            c.isValid(1);
        } catch (SQLException e) {
            assumeTrue(false, "the tests' security label provider is not installed on this server (scripts/"
                    + "label-provider.sh builds it for the local one; .ci/run does): " + e.getMessage());
        }
        try (Db db = new Db(labelled)) {
            db.exec("CREATE TABLE target (id int PRIMARY KEY, zip text, n int)");
            db.exec("SECURITY LABEL FOR recast_test ON TABLE target IS 'table label'");
            db.exec("SECURITY LABEL FOR recast_test ON COLUMN target.zip IS 'zip label'");
            assertThat(PgDump.schema(db, db.schema())).contains("SECURITY LABEL FOR recast_test ON COLUMN")
                    .contains("IS 'zip label'");
            assertRepackKeepsTheDump(db);
            Recast.builder(labelled).build().alter(db.q("target"), new Alteration(List.of("RENAME COLUMN zip TO postal",
                    "ALTER COLUMN postal TYPE varchar(20)", "DROP COLUMN n"), Map.of(), false, null),
                    RewriteOptions.builder().batchRows(500).build());
            assertThat(db.queryList("SELECT coalesce(a.attname, '-') || ' ' || l.provider || ' ' || l.label "
                    + "FROM pg_seclabel l LEFT JOIN pg_attribute a ON a.attrelid = l.objoid AND a.attnum = l.objsubid "
                    + "WHERE l.objoid = ?::regclass ORDER BY l.objsubid", db.q("target")))
                    .containsExactly("- recast_test table label", "postal recast_test zip label");
            assertThat(db.artifacts()).isEmpty();
        }
    }

    /** The columns' options and the statistics targets of the indexes' columns, index names without the table's. */
    private static List<String> optionsAndTargets(Db db, String table) throws Exception {
        return db.queryList("""
                SELECT x FROM (
                    SELECT a.attname || ' ' || coalesce(nullif(ARRAY(SELECT o FROM unnest(a.attoptions) o
                                                      WHERE o NOT LIKE 'pg\\_attver=%')::text, '{}'), '-')
                    FROM pg_attribute a
                    WHERE a.attrelid = ?::regclass AND a.attnum > 0 AND NOT a.attisdropped
                    UNION ALL
                    SELECT replace(ic.relname, ?, '') || '.' || a.attnum || ' ' || a.attstattarget
                    FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
                    JOIN pg_attribute a ON a.attrelid = i.indexrelid
                    WHERE i.indrelid = ?::regclass AND a.attstattarget >= 0) AS s (x)
                ORDER BY x COLLATE "C"
                """, db.q(table), table, db.q(table));
    }

    @Test
    void alterKeepsWhatPostgresqlsAlterTableKeeps() throws Exception {
        try (Db db = new Db()) {
            for (String table : List.of("target", "twin")) {
                db.exec("CREATE TABLE " + table + " (id int PRIMARY KEY, zip text, n int)");
                db.exec("ALTER TABLE " + table + " ALTER COLUMN zip SET (n_distinct = -0.2, n_distinct_inherited = 5)");
                db.exec("CREATE INDEX " + table + "_lower ON " + table + " (lower(zip))");
                db.exec("ALTER INDEX " + table + "_lower ALTER COLUMN 1 SET STATISTICS 77");
                db.exec("CREATE INDEX " + table + "_n ON " + table + " ((n + 1))");
                db.exec("ALTER INDEX " + table + "_n ALTER COLUMN 1 SET STATISTICS 55");
                db.exec("INSERT INTO " + table + " (id, zip, n) SELECT g, g::text, g FROM generate_series(1, 100) g");
            }
            String change = "ALTER COLUMN zip TYPE varchar(20)";
            db.exec("ALTER TABLE twin " + change);
            Recast.builder(db.dataSource()).build().alter(db.q("target"), new Alteration(List.of(change), Map.of(),
                    false, null), RewriteOptions.builder().batchRows(500).build());
            // ALTER COLUMN TYPE keeps the column's options; the index it rebuilds loses its column's target
            assertThat(optionsAndTargets(db, "target")).isEqualTo(optionsAndTargets(db, "twin"))
                    .containsExactly("_n.1 55", "id -", "n -", "zip {n_distinct=-0.2,n_distinct_inherited=5}");
            assertThat(db.artifacts()).isEmpty();
        }
    }
}
