package io.recast.engine.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recast.engine.Recast;
import io.recast.engine.api.AbortedException;
import io.recast.engine.api.Phase;
import io.recast.engine.api.RewriteListener;
import io.recast.engine.api.RewriteOptions;
import io.recast.engine.testkit.Db;
import java.sql.SQLException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * DDL on the table during the run is found under the cut-over's lock (the definition is hashed at
 * the start and again there): the run stops, nothing is swapped, the DDL and every row stay.
 */
class ConcurrentDdlIT {

    @ParameterizedTest
    @ValueSource(strings = {
        "ALTER TABLE %s ADD COLUMN extra int DEFAULT 5",
        "CREATE INDEX t_v_new ON %s (v)",
        "ALTER TABLE %s ADD CONSTRAINT v_not_empty CHECK (v <> '')",
        "CREATE VIEW t_new_view AS SELECT id FROM %s",
        "COMMENT ON COLUMN %s.v IS 'changed meanwhile'"})
    void ddlDuringTheRunStopsItBeforeTheSwap(String ddl) throws Exception {
        try (Db db = new Db()) {
            db.exec("CREATE TABLE t (id bigint PRIMARY KEY, v text)");
            db.fill("t", 5_000);
            long filenode = db.relfilenode(db.q("t"));
            String statement = ddl.formatted(db.q("t"));
            RewriteListener listener = new RewriteListener() {
                @Override
                public void phaseStarted(String table, Phase phase) {
                    if (phase == Phase.CATCH_UP) {
                        try {
                            db.exec(statement);
                            db.exec("UPDATE " + db.q("t") + " SET v = 'after ddl' WHERE id = 1");
                        } catch (SQLException e) {
                            throw new AssertionError(e);
                        }
                    }
                }
            };
            assertThatThrownBy(() -> Recast.builder(db.dataSource()).listener(listener).build()
                    .repack(db.q("t"), RewriteOptions.builder().build()))
                    .isInstanceOf(AbortedException.class).hasMessageContaining("changed during the run");
            assertThat(db.relfilenode(db.q("t"))).isEqualTo(filenode);
            assertThat(db.queryString("SELECT v FROM " + db.q("t") + " WHERE id = 1")).isEqualTo("after ddl");
            assertThat(db.queryLong("SELECT count(*) FROM " + db.q("t"))).isEqualTo(5_000);
            assertThat(db.artifacts()).isEmpty();
        }
    }
}
