package io.recast.engine.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.recast.engine.Recast;
import io.recast.engine.api.RewriteOptions;
import io.recast.engine.testkit.Db;
import io.recast.engine.testkit.PgDump;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * Properties of a table that a rewrite loses today: each test repacks a table that has one and
 * expects the schema's dump unchanged, as the scenarios do. Disabled until the engine keeps them;
 * run them with {@code -Djunit.jupiter.conditions.deactivate=org.junit.*DisabledCondition}.
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
    @Disabled("engine bug: column options (pg_attribute.attoptions: n_distinct, n_distinct_inherited) are not "
            + "copied to the new table; the engine never reads attoptions")
    void columnOptionsAreKept() throws Exception {
        try (Db db = new Db()) {
            db.exec("CREATE TABLE target (id int PRIMARY KEY, zip text)");
            db.exec("ALTER TABLE target ALTER COLUMN zip SET (n_distinct = -0.2, n_distinct_inherited = 5)");
            assertRepackKeepsTheDump(db);
        }
    }

    @Test
    @Disabled("engine bug: the statistics target of an index's expression column (ALTER INDEX ... ALTER COLUMN 1 "
            + "SET STATISTICS) is not given to the rebuilt index; the engine sets it on table columns only")
    void indexColumnStatisticsTargetIsKept() throws Exception {
        try (Db db = new Db()) {
            db.exec("CREATE TABLE target (id int PRIMARY KEY, v text)");
            db.exec("CREATE INDEX target_lower ON target (lower(v))");
            db.exec("ALTER INDEX target_lower ALTER COLUMN 1 SET STATISTICS 77");
            assertRepackKeepsTheDump(db);
        }
    }

    @Test
    @Disabled("engine bug: the table access method is not kept: a table USING another access method comes back "
            + "as heap (the new table is made with the default_table_access_method); the engine never reads relam")
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
}
