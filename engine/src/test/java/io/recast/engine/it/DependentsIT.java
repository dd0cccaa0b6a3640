package io.recast.engine.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recast.engine.Recast;
import io.recast.engine.api.RewriteOptions;
import io.recast.engine.api.RewriteResult;
import io.recast.engine.testkit.Db;
import io.recast.engine.testkit.PgDump;
import io.recast.engine.testkit.Writers;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Views and foreign keys that point at the table follow it to the new table in the swap
 * transaction: the schema dump is identical, the views read the new table, the foreign keys act.
 */
class DependentsIT {

    static void dependents(Db db) throws SQLException {
        db.exec("CREATE TABLE child (id bigint PRIMARY KEY, t_id bigint NOT NULL "
                + "CONSTRAINT child_t_fk REFERENCES t (id) ON UPDATE CASCADE ON DELETE CASCADE DEFERRABLE INITIALLY IMMEDIATE)");
        db.exec("CREATE TABLE audit (id bigint PRIMARY KEY, t_id bigint REFERENCES t (id) ON DELETE SET NULL)");
        db.exec("ALTER TABLE audit ADD CONSTRAINT audit_t_weak FOREIGN KEY (t_id) REFERENCES t (id) NOT VALID");
        db.exec("COMMENT ON CONSTRAINT child_t_fk ON child IS 'children of t'");
        db.exec("CREATE VIEW t_view (ident, value) WITH (security_barrier) AS SELECT id, v FROM t WHERE id % 2 = 1");
        db.exec("CREATE VIEW t_checked AS SELECT * FROM t WHERE id > 0 WITH CASCADED CHECK OPTION");
        db.exec("CREATE VIEW t_invoker " + (db.serverVersion() >= 150000 ? "WITH (security_invoker = true) " : "")
                + "AS SELECT count(*) AS n FROM t");
        db.exec("CREATE VIEW t_on_view AS SELECT ident FROM t_view WHERE ident < 100");
        db.exec("CREATE VIEW t_joined AS SELECT c.id, t.v FROM child c JOIN t ON t.id = c.t_id");
        db.exec("COMMENT ON VIEW t_view IS 'odd rows'");
        db.exec("DO $$BEGIN CREATE ROLE recast_it_reader NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END$$");
        db.exec("GRANT SELECT ON t_view TO recast_it_reader");
    }

    @Test
    void aKeptOldTableReferencesNothing() throws Exception {
        try (Db db = new Db()) {
            db.exec("CREATE TABLE parent (id bigint PRIMARY KEY)");
            db.exec("INSERT INTO parent SELECT g FROM generate_series(1, 100) g");
            db.exec("CREATE TABLE t (id bigint PRIMARY KEY, v text, p bigint REFERENCES parent (id))");
            db.exec("INSERT INTO t SELECT g, 'v', g FROM generate_series(1, 100) g");
            RewriteResult r = Recast.builder(db.dataSource()).build()
                    .repack(db.q("t"), RewriteOptions.builder().keepOld(true).build());
            try {
                assertThat(db.queryList("SELECT (conrelid = ?::regclass)::text FROM pg_constraint WHERE confrelid = ?::regclass",
                        db.q("t"), db.q("parent"))).containsExactly("true");
                // a parent row the new table no longer references can go, whatever the kept old table holds
                db.exec("DELETE FROM t WHERE id = 7");
                db.exec("DELETE FROM parent WHERE id = 7");
                assertThat(db.queryLong("SELECT count(*) FROM " + r.keptOldTable() + " WHERE p = 7")).isEqualTo(1);
            } finally {
                db.exec("DROP TABLE " + r.keptOldTable());
            }
        }
    }

    @Test
    void viewsAndForeignKeysFollowTheTable() throws Exception {
        try (Db db = new Db()) {
            db.exec("CREATE TABLE t (id bigint PRIMARY KEY, v text, parent bigint REFERENCES t (id))");
            db.fill("t", 5_000);
            db.exec("UPDATE t SET parent = id - 1 WHERE id > 1");
            dependents(db);
            db.exec("INSERT INTO child SELECT g, g FROM generate_series(1, 3000) g");
            db.exec("INSERT INTO audit SELECT g, g FROM generate_series(1, 100) g");
            db.exec("DELETE FROM t WHERE id > 4000");
            db.exec("UPDATE t SET parent = NULL WHERE id IN (11, 22)");   // rows 10 and 21 lose their self-reference
            String dump = PgDump.schema(db, db.schema());
            String viewRows = db.checksum(db.q("t_on_view")) + db.checksum(db.q("t_joined")) + db.checksum(db.q("t_checked"));

            RewriteResult r = Recast.builder(db.dataSource()).build()
                    .repack(db.q("t"), RewriteOptions.builder().batchRows(700).build());

            assertThat(r.rowsCopied()).isEqualTo(4_000);
            assertThat(PgDump.schema(db, db.schema())).isEqualTo(dump);
            assertThat(db.checksum(db.q("t_on_view")) + db.checksum(db.q("t_joined")) + db.checksum(db.q("t_checked")))
                    .isEqualTo(viewRows);
            assertThat(db.artifacts()).isEmpty();

            // the views read the new table
            db.exec("INSERT INTO t (id, v) VALUES (7001, 'new')");
            assertThat(db.queryString("SELECT value FROM t_view WHERE ident = 7001")).isEqualTo("new");
            assertThat(db.queryLong("SELECT n FROM t_invoker")).isEqualTo(4_001);
            assertThatThrownBy(() -> db.exec("INSERT INTO t_checked (id, v) VALUES (-5, 'x')"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("violates check option");
            // the foreign keys act on the new table
            assertThatThrownBy(() -> db.exec("INSERT INTO child VALUES (99999, 99999)"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("child_t_fk");
            db.exec("DELETE FROM t WHERE id = 10");
            assertThat(db.queryLong("SELECT count(*) FROM child WHERE t_id = 10")).isZero();
            assertThat(db.queryString("SELECT t_id::text FROM audit WHERE id = 20")).isEqualTo("20");
            db.exec("DELETE FROM t WHERE id = 21");
            assertThat(db.queryString("SELECT coalesce(t_id::text, 'null') FROM audit WHERE id = 21")).isEqualTo("null");
            assertThat(db.queryList("SELECT conname || ':' || convalidated FROM pg_constraint "
                    + "WHERE confrelid = ?::regclass ORDER BY 1", db.q("t")))
                    .containsExactly("audit_t_id_fkey:true", "audit_t_weak:false", "child_t_fk:true", "t_parent_fkey:true");
        }
    }

    /** The twin-table concurrency test, on a table with incoming foreign keys and dependent views. */
    @Test
    void writesDuringTheRewriteWithDependents() throws Exception {
        try (Db db = new Db()) {
            ConcurrencyIT.createPair(db);
            db.exec("ALTER TABLE t ADD COLUMN parent bigint");
            db.exec("ALTER TABLE t_twin ADD COLUMN parent bigint");
            dependents(db);
            db.exec("INSERT INTO child SELECT id, id FROM t WHERE id < 5000");
            try (Writers w = Writers.twin(db.dataSource(), db.q("t"), db.q("t_twin"), 3, 42, Duration.ofMillis(1))) {
                w.awaitTransactions(200, Duration.ofSeconds(30));
                Recast.builder(db.dataSource()).build().repack(db.q("t"), RewriteOptions.builder().batchRows(3_000).build());
                w.awaitTransactions(w.transactions() + 200, Duration.ofSeconds(30));
                w.close();
                assertThat(w.errors()).isEmpty();
            }
            assertThat(db.checksum(db.q("t"))).as(db.difference(db.q("t"), db.q("t_twin")))
                    .isEqualTo(db.checksum(db.q("t_twin")));
            assertThat(db.queryLong("SELECT count(*) FROM child c WHERE NOT EXISTS (SELECT 1 FROM t WHERE t.id = c.t_id)"))
                    .isZero();
            assertThat(db.queryLong("SELECT count(*) FROM t_view")).isEqualTo(db.queryLong("SELECT count(*) FROM t WHERE id % 2 = 1"));
            assertThat(db.artifacts()).isEmpty();
        }
    }
}
