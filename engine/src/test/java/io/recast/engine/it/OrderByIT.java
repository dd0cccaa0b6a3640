package io.recast.engine.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recast.engine.Recast;
import io.recast.engine.api.CopyMethod;
import io.recast.engine.api.CopyOrder;
import io.recast.engine.api.NotEligibleException;
import io.recast.engine.api.PlannedStep;
import io.recast.engine.api.RewriteListener;
import io.recast.engine.api.RewriteOptions;
import io.recast.engine.testkit.Db;
import io.recast.engine.testkit.Writers;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * recast repack --order-by: the copy reads the table sorted, in one statement, and writes it in batches
 * (or in one INSERT ... SELECT): the new table's rows lie in that order, NULLs last, under writes with
 * nothing lost, also when a run that died is resumed (ResumeIT); columns that cannot be sorted are
 * refused before anything is created.
 */
class OrderByIT {

    /**
     * Rows of the table, in their physical order, that sort before the row before them by
     * {@code (n, v)} ascending with NULLs last: 0 when the table lies in that order.
     */
    private static long outOfOrder(Db db, String table) throws Exception {
        return db.queryLong("SELECT count(*) FROM (SELECT n, v, lag(n) OVER w AS pn, lag(v) OVER w AS pv, "
                + "row_number() OVER w AS i FROM " + table + " WINDOW w AS (ORDER BY ctid)) x "
                + "WHERE i > 1 AND ROW(pn IS NULL, coalesce(pn, 0), pv) > ROW(n IS NULL, coalesce(n, 0), v)");
    }

    @ParameterizedTest
    @EnumSource(CopyMethod.class)
    void theRowsAreLeftInTheOrderAskedNullsLast(CopyMethod method) throws Exception {
        try (Db db = new Db()) {
            db.exec("CREATE TABLE t (id bigint PRIMARY KEY, v text NOT NULL, n int, note text)");
            db.exec("INSERT INTO t SELECT g, md5(g::text), CASE WHEN g % 11 = 0 THEN NULL ELSE g % 7 END, "
                    + "repeat('x', 50) FROM generate_series(1, 20000) g");
            db.exec("CREATE INDEX t_v ON t (v)");
            db.exec("DELETE FROM t WHERE id % 4 = 0");
            List<String> indexes = db.queryList("SELECT pg_get_indexdef(indexrelid) FROM pg_index "
                    + "WHERE indrelid = ?::regclass ORDER BY 1", db.q("t"));
            String rows = db.checksum(db.q("t"));
            assertThat(outOfOrder(db, db.q("t"))).as("out of order before").isGreaterThan(1_000);

            RewriteOptions options = RewriteOptions.builder().orderBy(List.of("n", "v")).copyMethod(method)
                    .batchRows(2_000).targetBatchTime(Duration.ZERO).build();
            List<PlannedStep> steps = Recast.builder(db.dataSource()).build().dryRun(db.q("t"), null, options)
                    .get(0).steps();
            assertThat(steps).anySatisfy(s -> assertThat(s.sql()).anySatisfy(sql -> assertThat(sql)
                    .contains(" ORDER BY ").contains(".\"t\".\"n\", ").contains(".\"t\".\"v\"")));
            AtomicInteger batches = new AtomicInteger();
            Recast.builder(db.dataSource()).listener(new RewriteListener() {
                @Override
                public void batchCopied(String table, long rows, Duration took) {
                    batches.incrementAndGet();
                }
            }).build().repack(db.q("t"), options);
            assertThat(batches.get()).as("batches").isEqualTo(method == CopyMethod.COPY ? 8 : 1);

            assertThat(outOfOrder(db, db.q("t"))).as("out of order after").isZero();
            assertThat(db.queryLong("SELECT count(*) FROM (SELECT n FROM " + db.q("t") + " ORDER BY ctid "
                    + "OFFSET (SELECT count(*) - 1 FROM " + db.q("t") + ")) x WHERE n IS NULL"))
                    .as("the last row has n NULL").isOne();
            assertThat(db.checksum(db.q("t"))).isEqualTo(rows);
            assertThat(db.queryList("SELECT pg_get_indexdef(indexrelid) FROM pg_index "
                    + "WHERE indrelid = ?::regclass ORDER BY 1", db.q("t"))).as("no index of the sort's").isEqualTo(indexes);
            assertThat(db.artifacts()).isEmpty();
        }
    }

    /**
     * A composite with an aclitem field has no binary output, found when the first such value is sent,
     * here after four batches committed: the copy starts again with INSERT ... SELECT, and says so.
     */
    @Test
    void aTypeBinaryCopyCannotCarryStartsTheSortedCopyAgainWithInsert() throws Exception {
        try (Db db = new Db()) {
            db.exec("CREATE TYPE " + db.q("grant_pair") + " AS (g aclitem, n int)");
            db.exec("CREATE TABLE t (id bigint PRIMARY KEY, v text NOT NULL, p " + db.q("grant_pair") + ")");
            db.exec("INSERT INTO t SELECT g, md5(g::text), CASE WHEN g > 4500 THEN ROW('postgres=r/postgres', g)::"
                    + db.q("grant_pair") + " END FROM generate_series(1, 6000) g");
            String rows = db.checksum(db.q("t"));
            List<String> warnings = new java.util.concurrent.CopyOnWriteArrayList<>();
            AtomicInteger batches = new AtomicInteger();
            Recast.builder(db.dataSource()).listener(new RewriteListener() {
                @Override
                public void warning(String table, String message) {
                    warnings.add(message);
                }

                @Override
                public void batchCopied(String table, long rows, Duration took) {
                    batches.incrementAndGet();
                }
            }).build().repack(db.q("t"), RewriteOptions.builder().orderBy(List.of("id"))
                    .batchRows(1_000).targetBatchTime(Duration.ZERO).build());
            assertThat(warnings).anySatisfy(w -> assertThat(w).contains("INSERT ... SELECT instead of COPY")
                    .contains("the copy starts again"));
            assertThat(batches.get()).as("four COPY batches, then one INSERT").isEqualTo(5);
            assertThat(db.checksum(db.q("t"))).isEqualTo(rows);
            assertThat(db.queryLong("SELECT count(*) FROM (SELECT id, lag(id) OVER (ORDER BY ctid) AS p FROM "
                    + db.q("t") + ") x WHERE p > id")).as("out of order").isZero();
            assertThat(db.artifacts()).isEmpty();
        }
    }

    @Test
    void underWritesTheRowsAreSortedAndNothingIsLost() throws Exception {
        try (Db db = new Db()) {
            ConcurrencyIT.createPair(db);
            long rows = db.queryLong("SELECT count(*) FROM " + db.q("t"));
            assertThat(outOfOrder(db, db.q("t"))).as("out of order before").isGreaterThan(rows / 3);
            long writes;
            try (Writers w = Writers.twin(db.dataSource(), db.q("t"), db.q("t_twin"), 2, 31, Duration.ofMillis(50))) {
                w.awaitTransactions(20, Duration.ofSeconds(30));
                long before = w.transactions();
                Recast.builder(db.dataSource()).build().repack(db.q("t"), RewriteOptions.builder()
                        .orderBy(List.of("n", "v")).copyOrder(CopyOrder.PHYSICAL).batchRows(5_000).build());
                w.close();
                writes = w.transactions() - before;
                assertThat(w.errors()).isEmpty();
            }
            assertThat(db.checksum(db.q("t"))).as(db.difference(db.q("t"), db.q("t_twin")))
                    .isEqualTo(db.checksum(db.q("t_twin")));
            // each row written since the copy (the replay's, the writers' after the swap) lies where there
            // was room: at most two neighbours out of order per write, a row moved counting twice
            assertThat(outOfOrder(db, db.q("t"))).as("out of order after, with " + writes + " writes")
                    .isLessThanOrEqualTo(4 * writes).isLessThan(rows / 4);
            assertThat(db.artifacts()).isEmpty();
        }
    }

    @Test
    void columnsThatCannotBeSortedAreRefusedBeforeAnythingIsCreated() throws Exception {
        try (Db db = new Db()) {
            db.exec("CREATE TABLE t (id bigint PRIMARY KEY, doc json, \"Mixed\" int, v text)");
            db.exec("INSERT INTO t SELECT g, '{}', g, 'a' FROM generate_series(1, 10) g");
            long filenode = db.relfilenode(db.q("t"));
            assertThatThrownBy(() -> Recast.builder(db.dataSource()).build().repack(db.q("t"),
                    RewriteOptions.builder().orderBy(List.of("doc", "mixed", "Mixed")).build()))
                    .isInstanceOf(NotEligibleException.class)
                    .hasMessageContaining("--order-by names doc, whose type json has no ordering")
                    .hasMessageContaining("--order-by names mixed, which is not a column of")
                    .hasMessageNotContaining("names Mixed");
            assertThat(db.relfilenode(db.q("t"))).isEqualTo(filenode);
            assertThat(db.artifacts()).isEmpty();
            // what sorts is accepted: jsonb, arrays, a quoted name, a generated column (18: a virtual one)
            db.exec("ALTER TABLE t ADD COLUMN d jsonb DEFAULT '{\"a\": 1}', ADD COLUMN a int[] DEFAULT '{1,2}', "
                    + "ADD COLUMN g bigint GENERATED ALWAYS AS (id * -2) " + (db.serverVersion() >= 180000 ? "VIRTUAL" : "STORED"));
            Recast.builder(db.dataSource()).build().repack(db.q("t"), RewriteOptions.builder()
                    .orderBy(List.of("d", "a", "g", "Mixed")).build());
            assertThat(db.queryList("SELECT id::text FROM " + db.q("t") + " ORDER BY ctid"))
                    .as("by g, descending ids").containsExactly("10", "9", "8", "7", "6", "5", "4", "3", "2", "1");
            assertThat(db.artifacts()).isEmpty();
        }
    }
}
