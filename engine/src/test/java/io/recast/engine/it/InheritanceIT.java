package io.recast.engine.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.recast.engine.Recast;
import io.recast.engine.api.RewriteOptions;
import io.recast.engine.api.RewriteResult;
import io.recast.engine.testkit.Db;
import io.recast.engine.testkit.Writers;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The twin-table test through an inheritance parent: the writers update, delete and move keys of
 * rows through the parent {@code p}, which reaches its child {@code t}, the table rewritten, and
 * {@code t}'s own child {@code c}, while {@code t} is rewritten;
 * afterwards {@code p} with all its descendants equals the twin row for row, the tree is as it was,
 * and every row is still in the table it was in.
 */
class InheritanceIT {

    @Test
    void writesThroughTheParentWhileTheMiddleTableIsRewritten() throws Exception {
        try (Db db = new Db()) {
            // keys are unique in each table only: the checks keep t's and c's apart and p empty (the writers
            // insert into p itself, which is refused), so that the hierarchy, like the twin, has each key once
            db.exec("CREATE TABLE p (id bigint PRIMARY KEY, v text NOT NULL, n int DEFAULT 7 CHECK (n <> -1), "
                    + "CONSTRAINT p_empty CHECK (false) NO INHERIT)");
            db.exec("CREATE TABLE t (id bigint PRIMARY KEY, extra text DEFAULT 'e', "
                    + "CONSTRAINT t_keys CHECK (id <= 30000) NO INHERIT) INHERITS (p)");
            db.exec("CREATE TABLE c (id bigint PRIMARY KEY, CONSTRAINT c_keys CHECK (id > 30000)) INHERITS (t)");
            db.exec("CREATE TABLE twin (LIKE p INCLUDING DEFAULTS)");
            db.exec("INSERT INTO t (id, v) SELECT g, md5(g::text) FROM generate_series(1, 30000) g");
            db.exec("INSERT INTO c (id, v) SELECT g, md5(g::text) FROM generate_series(30001, 34000) g");
            db.exec("DELETE FROM p WHERE id % 3 = 0");
            db.exec("INSERT INTO twin SELECT id, v, n FROM p");
            String tree = tree(db);
            long filenode = db.relfilenode(db.q("t"));
            RewriteResult r;
            try (Writers w = Writers.twin(db.dataSource(), db.q("p"), db.q("twin"), 3, 11, Duration.ofMillis(1))) {
                w.awaitTransactions(200, Duration.ofSeconds(30));
                r = Recast.builder(db.dataSource()).build().repack(db.q("t"), RewriteOptions.builder().batchRows(2_000).build());
                w.awaitTransactions(w.transactions() + 200, Duration.ofSeconds(30));
                w.close();
                assertThat(w.errors()).isEmpty();
            }
            assertThat(r.rowsReplayed()).as("the writers changed the table through its parent").isPositive();
            assertThat(db.relfilenode(db.q("t"))).isNotEqualTo(filenode);
            assertThat(db.checksum(db.q("p"))).as(db.difference(db.q("p"), db.q("twin")))
                    .isEqualTo(db.checksum(db.q("twin")));
            assertThat(tree(db)).as("parents, children, local and inherited columns and constraints").isEqualTo(tree);
            assertThat(db.queryLong("SELECT count(*) FROM ONLY p")).isZero();
            assertThat(db.queryLong("SELECT count(*) FROM ONLY c")).as("c's rows stay in c").isGreaterThan(2000);
            assertThat(db.artifacts()).isEmpty();
        }
    }

    /**
     * A query on a parent lists the parent's children and then locks each: one that listed them while
     * the swap held the table's lock but not the parent's would, once the swap commits, write the old
     * table, and its change would be lost. The swap holds it still (3 s, in an event trigger at its
     * first DDL) while an UPDATE through the parent arrives; the update must land in the new table.
     */
    @Test
    void aWriteThroughTheParentThatWaitsOutTheSwapReachesTheNewTable() throws Exception {
        try (Db db = new Db()) {
            db.exec("CREATE TABLE p (id bigint PRIMARY KEY, v text NOT NULL)");
            db.exec("CREATE TABLE t (id bigint PRIMARY KEY) INHERITS (p)");
            db.fill("t", 1000);
            long oid = db.queryLong("SELECT ?::regclass::oid", db.q("t"));
            FaultIT.eventTrigger(db, "cut-over", 1, "sleep");
            Thread late = new Thread(() -> {
                try (java.sql.Connection other = db.dataSource().getConnection();
                     java.sql.Statement st = other.createStatement()) {
                    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                    boolean held = false;
                    while (!held && System.nanoTime() < deadline) {
                        try (java.sql.ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_locks l "
                                + "JOIN pg_stat_activity a USING (pid) WHERE l.relation = " + oid + " AND l.mode = "
                                + "'AccessExclusiveLock' AND l.granted AND a.application_name = 'recast: cut-over'")) {
                            rs.next();
                            held = rs.getLong(1) > 0;
                        }
                        Thread.sleep(20);
                    }
                    st.execute("UPDATE " + db.q("p") + " SET v = 'late' WHERE id = 5");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            try {
                late.start();
                Recast.builder(db.dataSource()).build().repack(db.q("t"), RewriteOptions.builder().build());
                late.join(Duration.ofSeconds(60).toMillis());
            } finally {
                FaultIT.dropEventTrigger(db);
            }
            assertThat(db.queryString("SELECT v FROM t WHERE id = 5")).isEqualTo("late");
            assertThat(db.artifacts()).isEmpty();
        }
    }

    /** The inheritance tree and what each table inherits, by name. */
    private static String tree(Db db) throws Exception {
        return String.join("\n", db.queryList("""
                SELECT c.relname || ' inherits ' || p.relname || ' #'
                       || (SELECT count(*) FROM pg_inherits j WHERE j.inhrelid = i.inhrelid AND j.inhseqno <= i.inhseqno)
                FROM pg_inherits i
                JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
                WHERE c.relnamespace = current_schema()::regnamespace
                UNION ALL
                SELECT c.relname || '.' || a.attname || ' local=' || a.attislocal || ' count=' || a.attinhcount
                FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
                WHERE c.relname IN ('p', 't', 'c') AND c.relnamespace = current_schema()::regnamespace AND a.attnum > 0
                UNION ALL
                SELECT c.relname || ' ' || k.conname || ' local=' || k.conislocal || ' count=' || k.coninhcount
                       || ' noinherit=' || k.connoinherit
                FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
                WHERE c.relname IN ('p', 't', 'c') AND c.relnamespace = current_schema()::regnamespace AND k.contype IN ('c', 'n')
                ORDER BY 1
                """));
    }
}
