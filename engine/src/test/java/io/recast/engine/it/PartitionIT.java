package io.recast.engine.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recast.engine.Recast;
import io.recast.engine.api.RewriteOptions;
import io.recast.engine.api.RewriteResult;
import io.recast.engine.testkit.Db;
import io.recast.engine.testkit.Writers;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The twin-table test on a partitioned table: the writers go through the parent (updates, deletes,
 * inserts, and key changes that move rows from one partition to another) while a partition, or
 * every partition, is rewritten; afterwards the parent must equal the twin row for row.
 */
class PartitionIT {
    private static final long ROWS = 40_000;

    private static void createPair(Db db) throws Exception {
        createPair(db, "plain");
    }

    /**
     * {@code layout} "default": the third partition is the parent's DEFAULT partition; "referenced":
     * a table {@code t_ref} references the parent (cascading), with a row for every third row.
     */
    private static void createPair(Db db, String layout) throws Exception {
        boolean withDefault = layout.equals("default");
        String columns = "(id bigint PRIMARY KEY, v text NOT NULL, n int DEFAULT 7, created timestamptz NOT NULL DEFAULT '2020-01-01')";
        db.exec("CREATE TABLE t " + columns + " PARTITION BY RANGE (id)");
        db.exec("CREATE TABLE t_1 PARTITION OF t FOR VALUES FROM (MINVALUE) TO (15000)");
        db.exec("CREATE TABLE t_2 PARTITION OF t FOR VALUES FROM (15000) TO (30000)");
        db.exec("CREATE TABLE t_3 PARTITION OF t " + (withDefault ? "DEFAULT" : "FOR VALUES FROM (30000) TO (MAXVALUE)"));
        db.exec("CREATE INDEX ON t (v)");
        db.exec("CREATE TABLE t_twin " + columns);
        for (String t : new String[] {"t", "t_twin"}) {
            db.fill(t, ROWS);
            db.exec("DELETE FROM " + t + " WHERE id % 3 = 0");
        }
        if (layout.equals("referenced")) {
            db.exec("CREATE TABLE t_ref (id bigserial PRIMARY KEY, t_id bigint NOT NULL REFERENCES t "
                    + "ON DELETE CASCADE ON UPDATE CASCADE)");
            db.exec("INSERT INTO t_ref (t_id) SELECT id FROM t WHERE id % 3 = 1");
        }
    }

    /**
     * As above, beside the parent's DEFAULT partition (rows move into it and out of it): the swap
     * attaches the new partition without scanning the DEFAULT one, proven by a CHECK that is gone
     * afterwards; and with a table referencing the parent (the swap drops its key, so that the
     * detach checks no referencing row, and adds it back NOT VALID, validated after the commit):
     * the key is valid again afterwards and no referencing row is left without its row.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"plain", "default", "referenced"})
    void writesThroughTheParentWhileOnePartitionIsRewritten(String layout) throws Exception {
        try (Db db = new Db()) {
            createPair(db, layout);
            long filenode = db.relfilenode(db.q("t_2"));
            RewriteResult r;
            try (Writers w = Writers.twin(db.dataSource(), db.q("t"), db.q("t_twin"), 3, 7, Duration.ofMillis(1))) {
                w.awaitTransactions(200, Duration.ofSeconds(30));
                r = Recast.builder(db.dataSource()).build()
                        .repack(db.q("t_2"), RewriteOptions.builder().batchRows(2_000).build());
                w.awaitTransactions(w.transactions() + 200, Duration.ofSeconds(30));
                w.close();
                assertThat(w.errors()).isEmpty();
            }
            assertThat(r.rowsReplayed()).as("the writers changed the partition during the run").isPositive();
            assertThat(db.relfilenode(db.q("t_2"))).isNotEqualTo(filenode);
            assertThat(db.checksum(db.q("t"))).as(db.difference(db.q("t"), db.q("t_twin")))
                    .isEqualTo(db.checksum(db.q("t_twin")));
            assertThat(db.queryList("SELECT inhrelid::regclass::text FROM pg_inherits WHERE inhparent = ?::regclass "
                    + "ORDER BY 1", db.q("t"))).hasSize(3).allMatch(s -> s.matches(".*t_[123]"));
            assertThat(db.queryLong("SELECT count(*) FROM t_2 WHERE id < 15000 OR id >= 30000")).isZero();
            if (layout.equals("referenced")) {
                assertThat(db.queryList("SELECT conname || ' ' || convalidated FROM pg_constraint WHERE conrelid = "
                        + "?::regclass AND contype = 'f' AND conparentid = 0", db.q("t_ref")))
                        .containsExactly("t_ref_t_id_fkey true");
                assertThat(db.queryLong("SELECT count(*) FROM t_ref r WHERE NOT EXISTS (SELECT 1 FROM t WHERE t.id = r.t_id)"))
                        .as("referencing rows without their row").isZero();
                assertThat(db.queryLong("SELECT count(*) FROM t_ref r JOIN t_2 ON t_2.id = r.t_id"))
                        .as("rows referencing the new partition").isPositive();
                long id = db.queryLong("SELECT min(r.t_id) FROM t_ref r JOIN t_2 ON t_2.id = r.t_id");
                db.exec("DELETE FROM t WHERE id = " + id);
                assertThat(db.queryLong("SELECT count(*) FROM t_ref WHERE t_id = " + id)).as("the delete cascades").isZero();
                assertThatThrownBy(() -> db.exec("INSERT INTO t_ref (t_id) VALUES (" + id + ")"))
                        .hasMessageContaining("t_ref_t_id_fkey");
            }
            assertThat(db.artifacts()).isEmpty();
        }
    }

    /**
     * The CHECK the engine puts on a DEFAULT partition before the swap spares the attach its scan:
     * PostgreSQL says so (DEBUG1: "updated partition constraint for default partition ... is implied
     * by existing constraints") instead of "verifying table" it. Run here as the swap runs it, the
     * engine's own statements, then the detach and attach in a transaction that is rolled back.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"beside the DEFAULT partition of the table",
            "beside the DEFAULT partition of a partition"})
    void theDefaultPartitionsCheckSparesTheAttachItsScan(String layout) throws Exception {
        try (Db db = new Db()) {
            String bound = "FOR VALUES FROM (0) TO (100)";
            if (layout.endsWith("of the table")) {
                db.exec("CREATE TABLE p (id int PRIMARY KEY, v text) PARTITION BY RANGE (id)");
                db.exec("CREATE TABLE p1 PARTITION OF p " + bound);
                db.exec("CREATE TABLE pd PARTITION OF p DEFAULT");
            } else {
                // p here is itself the partition of a table q
                db.exec("CREATE TABLE q (id int, k int, v text, PRIMARY KEY (id, k)) PARTITION BY LIST (k)");
                db.exec("CREATE TABLE p PARTITION OF q FOR VALUES IN (1, 2, 3) PARTITION BY RANGE (id)");
                db.exec("CREATE TABLE p1 PARTITION OF p " + bound);
                db.exec("CREATE TABLE pd PARTITION OF p DEFAULT");
                db.exec("ALTER TABLE p ALTER COLUMN k SET DEFAULT 1");
            }
            db.exec("INSERT INTO p (id, v) SELECT g, 'x' FROM generate_series(-50, 150) g");
            long oid = db.queryLong("SELECT ?::regclass::oid", db.q("p1"));
            io.recast.engine.internal.catalog.TableDefinition t;
            java.sql.Connection c = io.recast.engine.internal.sql.Sessions.open(db.dataSource(), "test");
            try {
                t = new io.recast.engine.internal.catalog.TableInspector().inspect(c, oid);
            } finally {
                io.recast.engine.internal.sql.Sessions.close(c);
            }
            assertThat(t.partitionOf().defaultPartition()).isEqualTo(db.q("pd"));
            var n = new io.recast.engine.internal.runtime.ArtifactNames(oid);
            // as the cut-over's preparation does it (the bound alone, for a partition of a partition)
            var cutover = new io.recast.engine.internal.cutover.Cutover(db.dataSource(), t, n,
                    io.recast.engine.api.RewriteOptions.defaults().cutover(), 1000, java.time.Clock.systemUTC());
            cutover.prepareDefaultPartition(new io.recast.engine.internal.runtime.Cancellation(), m -> { });
            java.sql.Connection x = db.connection();
            x.setAutoCommit(false);
            StringBuilder said = new StringBuilder();
            try (java.sql.Statement st = x.createStatement()) {
                st.execute("SET LOCAL client_min_messages = debug1");
                st.execute("ALTER TABLE " + db.q("p") + " DETACH PARTITION " + db.q("p1"));
                st.execute("ALTER TABLE " + db.q("p") + " ATTACH PARTITION " + db.q("p1") + " " + bound);
                for (java.sql.SQLWarning w = st.getWarnings(); w != null; w = w.getNextWarning()) {
                    said.append(w.getMessage()).append('\n');
                }
            } finally {
                x.rollback();
                x.setAutoCommit(true);
            }
            assertThat(said.toString()).contains("updated partition constraint for default partition \"pd\" is implied "
                    + "by existing constraints").doesNotContain("verifying table \"pd\"");
            db.exec("ALTER TABLE pd DROP CONSTRAINT " + n.defaultCheck());
        }
    }

    @Test
    void writesThroughTheParentWhileEveryPartitionIsRewritten() throws Exception {
        try (Db db = new Db()) {
            createPair(db);
            RewriteResult r;
            try (Writers w = Writers.twin(db.dataSource(), db.q("t"), db.q("t_twin"), 3, 11, Duration.ofMillis(1))) {
                w.awaitTransactions(200, Duration.ofSeconds(30));
                r = Recast.builder(db.dataSource()).build()
                        .repack(db.q("t"), RewriteOptions.builder().batchRows(3_000).build());
                w.awaitTransactions(w.transactions() + 200, Duration.ofSeconds(30));
                w.close();
                assertThat(w.errors()).isEmpty();
            }
            assertThat(r.partitions()).extracting(RewriteResult::table)
                    .containsExactly(quoted(db, "t_1"), quoted(db, "t_2"), quoted(db, "t_3"));
            assertThat(r.rowsCopied()).isEqualTo(r.partitions().stream().mapToLong(RewriteResult::rowsCopied).sum());
            assertThat(db.checksum(db.q("t"))).as(db.difference(db.q("t"), db.q("t_twin")))
                    .isEqualTo(db.checksum(db.q("t_twin")));
            assertThat(db.artifacts()).isEmpty();
        }
    }

    private static String quoted(Db db, String table) {
        return "\"" + db.schema() + "\".\"" + table + "\"";
    }
}
