package io.recast.engine.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.recast.engine.RewriteOptions;
import io.recast.engine.RewriteResult;
import io.recast.engine.Rewriter;
import io.recast.engine.testkit.Db;
import org.junit.jupiter.api.Test;

class RepackIT {

    @Test
    void repacksAndKeepsEveryRow() throws Exception {
        try (Db db = new Db()) {
            db.exec("CREATE TABLE t (id bigint PRIMARY KEY, v text)");
            db.fill("t", 50_000);
            db.exec("DELETE FROM t WHERE id % 2 = 0");
            String before = db.checksum("t");
            long filenode = db.relfilenode(db.q("t"));
            RewriteResult r = Rewriter.builder(db.dataSource()).build()
                    .repack(RewriteOptions.builder(db.q("t")).batchRows(7_000).build());
            assertThat(r.rowsCopied()).isEqualTo(25_000);
            assertThat(db.checksum("t")).isEqualTo(before);
            assertThat(db.relfilenode(db.q("t"))).isNotEqualTo(filenode);
            assertThat(r.sizeAfter()).isLessThan(r.sizeBefore());
            assertThat(db.artifacts()).isEmpty();
        }
    }
}
