package io.recast.engine.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.recast.engine.testkit.CatalogDump;
import io.recast.engine.testkit.Db;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The catalog dump that stands in for pg_dump on newer servers sees each kind of change it must:
 * each change below alters one property of one object, and the dump's new lines must show it.
 */
class CatalogDumpIT {

    /** A statement and a piece of text that the dump's changed lines must contain afterwards. */
    private record Change(String sql, String shows) {
    }

    private static Change change(String sql, String shows) {
        return new Change(sql, shows);
    }

    @Test
    void everyChangeShowsInTheDump() throws Exception {
        try (Db db = new Db()) {
            int version = db.serverVersion();
            // objects of the database, not of the schema: named after it, dropped at the end
            String am = db.schema() + "_am";
            String space = db.schema() + "_space";
            String publication = db.schema() + "_pub";
            try {
                db.exec("DO $$BEGIN CREATE ROLE recast_dump_owner NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END$$");
                db.exec("CREATE ACCESS METHOD " + am + " TYPE TABLE HANDLER heap_tableam_handler");
                db.exec("CREATE TABLE t (id int PRIMARY KEY, v text DEFAULT 'x', n int CHECK (n > 0), zip text, g int)");
                db.exec("CREATE INDEX t_v ON t (v)");
                db.exec("CREATE INDEX t_lower ON t (lower(v))");
                db.exec("CREATE TABLE r (id int REFERENCES t)");
                db.exec("CREATE TABLE lone (id int)");
                db.exec("CREATE TABLE lone_am (id int)");
                db.exec("CREATE TABLE pk (a int, b int) PARTITION BY RANGE (a)");
                db.exec("CREATE TABLE p (id int, zip text) PARTITION BY RANGE (id)");
                db.exec("CREATE TABLE p1 PARTITION OF p FOR VALUES FROM (0) TO (10)");
                db.exec("CREATE INDEX p_zip ON ONLY p (zip)");
                db.exec("CREATE INDEX p1_zip ON p1 (zip)");
                db.exec("CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NULL; END$$");
                db.exec("CREATE TRIGGER t_trg AFTER INSERT ON t FOR EACH ROW EXECUTE FUNCTION f()");
                db.exec("CREATE RULE t_rule AS ON UPDATE TO t WHERE NEW.v = 'z' DO INSTEAD NOTHING");
                db.exec("CREATE STATISTICS t_stats ON v, n FROM t");
                db.exec("CREATE SEQUENCE s");
                db.exec("CREATE VIEW v AS SELECT id FROM t");
                db.exec("CREATE MATERIALIZED VIEW mv AS SELECT id FROM t WITH NO DATA");
                db.exec("ALTER TABLE t ADD CONSTRAINT t_ni CHECK (n <> 5)");
                db.exec("ALTER TABLE t ADD CONSTRAINT t_nv CHECK (n < 1000) NOT VALID");
                db.exec("CREATE POLICY t_pol ON t USING (n > 0)");

                List<Change> changes = new ArrayList<>(List.of(
                        // the properties pg_dump shows and the catalog dump did not
                        change("ALTER INDEX p_zip ATTACH PARTITION p1_zip", "inherits p1_zip p_zip"),
                        change("ALTER TABLE p DETACH PARTITION p1; ALTER TABLE p ATTACH PARTITION p1 FOR VALUES FROM (0) TO (20)",
                                "partition bound p1 FOR VALUES FROM (0) TO (20)"),
                        change("DROP TABLE pk; CREATE TABLE pk (a int, b int) PARTITION BY RANGE (b)", "partition key pk RANGE (b)"),
                        change("ALTER TABLE t DISABLE RULE t_rule", "enabled=D"),
                        change("COMMENT ON RULE t_rule ON t IS 'rule comment'", "comment=rule comment"),
                        change("ALTER FUNCTION f() OWNER TO recast_dump_owner", "owner=recast_dump_owner"),
                        change("REVOKE EXECUTE ON FUNCTION f() FROM PUBLIC", "acl={"),
                        change("COMMENT ON FUNCTION f() IS 'function comment'", "comment=function comment"),
                        change("ALTER STATISTICS t_stats OWNER TO recast_dump_owner", "owner=recast_dump_owner"),
                        change("ALTER STATISTICS t_stats SET STATISTICS 300", "target=300"),
                        change("COMMENT ON STATISTICS t_stats IS 'statistics comment'", "comment=statistics comment"),
                        change("ALTER TABLE t ALTER COLUMN zip SET (n_distinct = -0.2)", "options=n_distinct=-0.2"),
                        change("ALTER TABLE t ALTER COLUMN zip SET STATISTICS 50", "stattarget=50"),
                        change("ALTER INDEX t_lower ALTER COLUMN 1 SET STATISTICS 70", "stattarget=70"),
                        change("ALTER TABLE t ALTER COLUMN zip SET STORAGE MAIN", "storage=m"),
                        change("DROP TABLE lone_am; CREATE TABLE lone_am (id int) USING " + am, "am=" + am),
                        change("REFRESH MATERIALIZED VIEW mv", "populated=true"),
                        // the rest of what pg_dump --schema-only shows of a table and its dependents
                        change("ALTER INDEX t_v RENAME TO t_v2", "t_v2"),
                        change("ALTER TABLE t DISABLE TRIGGER t_trg", "enabled=D"),
                        change("COMMENT ON TRIGGER t_trg ON t IS 'trigger comment'", "comment=trigger comment"),
                        change("ALTER TABLE t OWNER TO recast_dump_owner", "owner=recast_dump_owner"),
                        change("GRANT SELECT ON t TO PUBLIC", "acl={"),
                        change("GRANT SELECT (v) ON t TO PUBLIC", "acl={=r/"),
                        change("COMMENT ON TABLE t IS 'table comment'", "comment=table comment"),
                        change("COMMENT ON COLUMN t.v IS 'c'", "comment=c"),
                        change("COMMENT ON INDEX t_v2 IS 'index comment'", "comment=index comment"),
                        change("COMMENT ON CONSTRAINT t_n_check ON t IS 'constraint comment'", "comment=constraint comment"),
                        change("ALTER TABLE t ALTER COLUMN v SET DEFAULT 'y'", "default='y'::text"),
                        change("ALTER TABLE t ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY", "identity=a"),
                        change("ALTER TABLE t DROP COLUMN g, ADD COLUMN g int GENERATED ALWAYS AS (n * 2) STORED", "generated=s"),
                        change("ALTER TABLE t ALTER COLUMN zip TYPE text COLLATE \"C\"", "collation=C"),
                        change("ALTER TABLE t SET (fillfactor = 60)", "options={fillfactor=60}"),
                        change("ALTER TABLE t SET (toast.autovacuum_enabled = false)", "toastoptions={autovacuum_enabled=false}"),
                        change("ALTER TABLE lone SET UNLOGGED", "persistence=u"),
                        change("ALTER TABLE t REPLICA IDENTITY FULL", "replident=f"),
                        change("ALTER TABLE t REPLICA IDENTITY USING INDEX t_pkey", "replident=true"),
                        change("ALTER TABLE t CLUSTER ON t_pkey", "clustered=true"),
                        change("ALTER TABLE t RENAME CONSTRAINT t_n_check TO t_n_positive", "t_n_positive"),
                        change("ALTER TABLE t VALIDATE CONSTRAINT t_nv", "validated=true"),
                        change("ALTER TABLE t DROP CONSTRAINT t_ni, ADD CONSTRAINT t_ni CHECK (n <> 5) NO INHERIT", "noinherit=true"),
                        change("ALTER TABLE r ALTER CONSTRAINT r_id_fkey DEFERRABLE INITIALLY DEFERRED", "deferrable=true/true"),
                        change("ALTER TABLE t ENABLE ROW LEVEL SECURITY", "rls=true/false"),
                        change("ALTER TABLE t FORCE ROW LEVEL SECURITY", "rls=true/true"),
                        change("ALTER POLICY t_pol ON t USING (n > 1)", "using=(n > 1)"),
                        change("ALTER POLICY t_pol ON t TO recast_dump_owner", "roles=recast_dump_owner"),
                        change("COMMENT ON POLICY t_pol ON t IS 'policy comment'", "comment=policy comment"),
                        change("CREATE PUBLICATION " + publication + " FOR TABLE t", "publication {"),
                        change("ALTER SEQUENCE s INCREMENT BY 5 CACHE 3", "increment=5"),
                        change("ALTER SEQUENCE s OWNER TO recast_dump_owner", "relation s kind=S"),
                        change("ALTER SEQUENCE s OWNED BY t.n", "owned=a:t.n"),
                        change("CREATE OR REPLACE VIEW v AS SELECT id, v FROM t", "view v"),
                        change("ALTER VIEW v SET (security_barrier = true)", "options={security_barrier=true}"),
                        change("ALTER MATERIALIZED VIEW mv SET (fillfactor = 50)", "options={fillfactor=50}")));
                if (version >= 140000) {
                    changes.add(change("ALTER TABLE t ALTER COLUMN zip SET COMPRESSION pglz", "compression=p"));
                }
                if (version >= 150000) {
                    // an in-place tablespace (a directory under pg_tblspc) needs no path the server can write
                    db.exec("SET allow_in_place_tablespaces = on");
                    db.exec("CREATE TABLESPACE " + space + " LOCATION ''");
                    changes.add(change("ALTER TABLE lone SET TABLESPACE " + space, "tablespace=" + space));
                }
                String before = CatalogDump.schema(db, db.schema());
                for (Change change : changes) {
                    db.exec(change.sql());
                    String after = CatalogDump.schema(db, db.schema());
                    assertThat(after).as(change.sql()).isNotEqualTo(before);
                    assertThat(changedLines(before, after)).as(change.sql()).contains(change.shows());
                    before = after;
                }
                assertThat(CatalogDump.schema(db, db.schema())).isEqualTo(before);
            } finally {
                db.exec("DROP PUBLICATION IF EXISTS " + publication);
                db.exec("DROP TABLE IF EXISTS lone, lone_am");
                db.exec("DROP ACCESS METHOD IF EXISTS " + am);
                db.exec("DROP TABLESPACE IF EXISTS " + space);
            }
        }
    }

    /** The lines of {@code after} that {@code before} lacks, one string. */
    private static String changedLines(String before, String after) {
        Set<String> old = new HashSet<>(List.of(before.split("\n")));
        Set<String> out = new LinkedHashSet<>();
        for (String line : after.split("\n")) {
            if (!old.contains(line)) {
                out.add(line);
            }
        }
        return String.join("\n", out);
    }
}
