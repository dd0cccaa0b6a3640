package io.recast.engine.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.recast.engine.Recast;
import io.recast.engine.api.RewriteOptions;
import io.recast.engine.api.RewriteResult;
import io.recast.engine.internal.catalog.KeyRangeSql;
import io.recast.engine.internal.catalog.TableInspector;
import io.recast.engine.internal.sql.Jdbc;
import io.recast.engine.internal.sql.Sessions;
import io.recast.engine.testkit.Db;
import org.junit.jupiter.api.Test;

class RepackIT {

    /**
     * The batch bound is the batch-size-th key in key order, read from the key index: an ORDER BY
     * that bound to the text output column once sorted the whole table by text for every batch.
     */
    @Test
    void batchBoundsFollowTheKeyIndex() throws Exception {
        try (Db db = new Db()) {
            db.exec("CREATE TABLE t (id int PRIMARY KEY, v text)");
            db.fill("t", 50_000);
            db.exec("ANALYZE t");
            try (var c = Sessions.open(db.dataSource(), "test")) {
                var inspector = new TableInspector();
                var def = inspector.inspect(c, inspector.resolve(c, db.q("t")));
                String first = KeyRangeSql.nextBound(def, false);
                String next = KeyRangeSql.nextBound(def, true);
                assertThat(Jdbc.queryOne(c, first, rs -> rs.getString(1), 999)).contains("1000");
                assertThat(Jdbc.queryOne(c, next, rs -> rs.getString(1), "9000", 999)).contains("10000");
                String plan = String.join("\n", Jdbc.query(c, "EXPLAIN " + next.replaceFirst(
                        "CAST\\(\\? AS integer\\)", "9000").replace("OFFSET ?", "OFFSET 999"), rs -> rs.getString(1)));
                assertThat(plan).contains("Index Only Scan").doesNotContain("Sort");
            }
        }
    }

    @Test
    void repacksAndKeepsEveryRow() throws Exception {
        try (Db db = new Db()) {
            db.exec("CREATE TABLE t (id bigint PRIMARY KEY, v text)");
            db.fill("t", 50_000);
            db.exec("DELETE FROM t WHERE id % 2 = 0");
            String before = db.checksum("t");
            long filenode = db.relfilenode(db.q("t"));
            RewriteResult r = Recast.builder(db.dataSource()).build()
                    .repack(db.q("t"), RewriteOptions.builder().batchRows(7_000).build());
            assertThat(r.rowsCopied()).isEqualTo(25_000);
            assertThat(db.checksum("t")).isEqualTo(before);
            assertThat(db.relfilenode(db.q("t"))).isNotEqualTo(filenode);
            assertThat(r.sizeAfter()).isLessThan(r.sizeBefore());
            assertThat(db.artifacts()).isEmpty();
        }
    }
}
