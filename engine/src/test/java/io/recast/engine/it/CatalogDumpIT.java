package io.recast.engine.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.recast.engine.testkit.CatalogDump;
import io.recast.engine.testkit.Db;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The catalog dump that stands in for pg_dump on newer servers sees each kind of change it must. */
class CatalogDumpIT {

    @Test
    void everyChangeShowsInTheDump() throws Exception {
        try (Db db = new Db()) {
            db.exec("CREATE TABLE t (id int PRIMARY KEY, v text DEFAULT 'x', n int CHECK (n > 0))");
            db.exec("CREATE INDEX t_v ON t (v)");
            db.exec("CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NULL; END$$");
            db.exec("CREATE TRIGGER t_trg AFTER INSERT ON t FOR EACH ROW EXECUTE FUNCTION f()");
            db.exec("CREATE VIEW v AS SELECT id FROM t");
            List<String> changes = List.of(
                    "ALTER INDEX t_v RENAME TO t_v2",
                    "ALTER TABLE t DISABLE TRIGGER t_trg",
                    "GRANT SELECT ON t TO PUBLIC",
                    "COMMENT ON COLUMN t.v IS 'c'",
                    "ALTER TABLE t ALTER COLUMN v SET DEFAULT 'y'",
                    "ALTER TABLE t ALTER COLUMN v SET STATISTICS 50",
                    "ALTER TABLE t SET (fillfactor = 60)",
                    "ALTER TABLE t REPLICA IDENTITY FULL",
                    "ALTER TABLE t CLUSTER ON t_pkey",
                    "ALTER TABLE t ENABLE ROW LEVEL SECURITY",
                    "ALTER TABLE t RENAME CONSTRAINT t_n_check TO t_n_positive",
                    "CREATE OR REPLACE VIEW v AS SELECT id, v FROM t");
            String before = CatalogDump.schema(db, db.schema());
            for (String change : changes) {
                db.exec(change);
                String after = CatalogDump.schema(db, db.schema());
                assertThat(after).as(change).isNotEqualTo(before);
                before = after;
            }
            assertThat(CatalogDump.schema(db, db.schema())).isEqualTo(before);
        }
    }
}
