package io.recast.engine.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.recast.engine.Recast;
import io.recast.engine.api.CheckItem.Status;
import io.recast.engine.api.CheckItem;
import io.recast.engine.api.CheckOptions;
import io.recast.engine.api.CheckReport;
import io.recast.engine.api.NotEligibleException;
import io.recast.engine.api.RewriteListener;
import io.recast.engine.api.RewriteOptions;
import io.recast.engine.testkit.Db;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The pre-flight check against a real server, each condition made real: a second session idle in a
 * transaction, a prepared transaction, a replication slot, dead rows. The check changes nothing.
 */
class PreflightIT {
    private static final List<String> ALL = List.of(CheckItem.ELIGIBILITY, CheckItem.ESTIMATED_TIME,
            CheckItem.DISK_SPACE, CheckItem.LONG_TRANSACTIONS, CheckItem.PREPARED_TRANSACTIONS,
            CheckItem.REPLICATION_SLOTS, CheckItem.REPLICATION_LAG, CheckItem.CUT_OVER);

    private static CheckReport check(Db db, String table) {
        return Recast.builder(db.dataSource()).build().check(db.q(table));
    }

    private static CheckItem item(CheckReport r, String name) {
        return r.item(name).orElseThrow(() -> new AssertionError("no item " + name + " in " + r));
    }

    private static long pid(Connection c) throws Exception {
        try (Statement st = c.createStatement(); var rs = st.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void anEligibleFilledTablePassesWithMeasuredEstimatesAndIsLeftAsItWas() throws Exception {
        try (Db db = new Db()) {
            db.exec("CREATE TABLE t (id bigint PRIMARY KEY, v text)");
            db.fill("t", 50_000);
            db.exec("CREATE INDEX ON t (v)");
            db.exec("ANALYZE t");
            long filenode = db.relfilenode(db.q("t"));
            String before = db.checksum("t");

            CheckReport r = check(db, "t");

            assertThat(r.table()).isEqualTo("\"" + db.schema() + "\".\"t\"");
            assertThat(r.items()).extracting(CheckItem::name).isEqualTo(ALL);
            assertThat(r.hardFailures()).as(r.toString()).isEmpty();
            assertThat(item(r, CheckItem.ELIGIBILITY).status()).isEqualTo(Status.OK);
            assertThat(item(r, CheckItem.ELIGIBILITY).detail()).contains("(id)").contains("primary key t_pkey");
            CheckItem time = item(r, CheckItem.ESTIMATED_TIME);
            assertThat(time.figures().get("sampleRows")).isEqualTo(20_000L);
            assertThat(time.figures().get("rowEstimate")).isBetween(45_000L, 55_000L);
            assertThat(time.figures().get("estimatedMillis")).isPositive();
            assertThat(time.figures().get("estimatedMillis")).isGreaterThanOrEqualTo(time.figures().get("readMillis"));
            assertThat(time.detail()).contains("an estimate").contains("20000 rows");
            CheckItem disk = item(r, CheckItem.DISK_SPACE);
            long total = db.queryLong("SELECT pg_total_relation_size(?::regclass)", db.q("t"));
            assertThat(disk.figures().get("tableBytes")).isEqualTo(total);
            assertThat(disk.figures().get("shadowBytes")).isPositive().isLessThanOrEqualTo(total);
            assertThat(disk.figures().get("extraBytes")).isGreaterThanOrEqualTo(disk.figures().get("shadowBytes"));
            assertThat(disk.detail()).contains("cannot tell SQL how much disk is free");
            assertThat(item(r, CheckItem.CUT_OVER).detail())
                    .startsWith("the swap takes ACCESS EXCLUSIVE on \"" + db.schema() + "\".\"t\"")
                    .contains("200 ms per attempt").contains("30 attempts");

            assertThat(db.artifacts()).isEmpty();
            assertThat(db.relfilenode(db.q("t"))).isEqualTo(filenode);
            assertThat(db.checksum("t")).isEqualTo(before);
            assertThat(db.queryLong("SELECT count(*) FROM pg_trigger WHERE tgrelid = ?::regclass", db.q("t"))).isZero();
        }
    }

    @Test
    void deadRowsShrinkTheShadowEstimate() throws Exception {
        try (Db db = new Db()) {
            db.exec("CREATE TABLE t (id bigint PRIMARY KEY, v text)");
            db.exec("ALTER TABLE t SET (autovacuum_enabled = false)");   // keep the dead rows until the check
            db.fill("t", 20_000);
            db.exec("DELETE FROM t WHERE id % 2 = 0");
            // the statistics counters reach pg_stat_user_tables a moment after the commit
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (db.queryLong("SELECT n_dead_tup FROM pg_stat_user_tables WHERE relid = ?::regclass", db.q("t"))
                    < 10_000 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            CheckItem disk = item(check(db, "t"), CheckItem.DISK_SPACE);
            double ratio = (double) disk.figures().get("shadowBytes") / disk.figures().get("tableBytes");
            // half the heap is dead: the shadow holds the other half, and the indexes less their dead rows'
            // entries, which pgstatindex cannot see once the check's sample read pruned the heap pages they
            // point to (the statistics estimate counts them): between half and two thirds of the table
            assertThat(ratio).as(disk.detail()).isBetween(0.45, 0.65);
            assertThat(disk.detail()).containsPattern("a rewrite gives back about .* \\(([3-5][0-9])%, (measured by "
                    + "pgstattuple|estimated from the planner's statistics), as recast bloat does\\)");
        }
    }

    /**
     * A bloated table after VACUUM has no dead rows left, only free space: the shadow is estimated
     * from what a rewrite gives back, as recast bloat measures it (once, every row counted live made
     * it the table's whole size); and neither it nor a table with nothing to give back gets a
     * disk-space warning, which is for what the user can act on.
     */
    @Test
    void aVacuumedBloatedTablesShadowIsItsLiveRowsAndNoTableGetsADiskWarningForNothing() throws Exception {
        try (Db db = new Db()) {
            db.exec("CREATE TABLE t (id bigint PRIMARY KEY, v text)");
            db.fill("t", 20_000);
            db.exec("DELETE FROM t WHERE id % 2 = 0");
            db.exec("VACUUM ANALYZE t");
            db.exec("CREATE TABLE clean (id bigint PRIMARY KEY, v text)");
            db.fill("clean", 20_000);
            db.exec("VACUUM ANALYZE clean");
            CheckItem bloated = item(check(db, "t"), CheckItem.DISK_SPACE);
            double ratio = (double) bloated.figures().get("shadowBytes") / bloated.figures().get("tableBytes");
            assertThat(ratio).as(bloated.detail()).isBetween(0.4, 0.6);
            assertThat(bloated.status()).as(bloated.detail()).isEqualTo(CheckItem.Status.OK);
            CheckItem clean = item(check(db, "clean"), CheckItem.DISK_SPACE);
            assertThat(clean.status()).as(clean.detail()).isEqualTo(CheckItem.Status.OK);
            assertThat(clean.figures().get("reclaimableBytes")).as(clean.detail())
                    .isLessThan(clean.figures().get("tableBytes") / 20);
        }
    }

    @Test
    void aTableWithoutAKeyOrThatDoesNotExistFailsEligibility() throws Exception {
        try (Db db = new Db()) {
            db.exec("CREATE TABLE nokey (id int, v text)");
            CheckReport r = check(db, "nokey");
            assertThat(r.hardFailures()).extracting(CheckItem::name).containsExactly(CheckItem.ELIGIBILITY);
            assertThat(item(r, CheckItem.ELIGIBILITY).detail()).startsWith("repack would refuse: ")
                    .contains("has no primary key or unique NOT NULL index");
            assertThat(r.items()).extracting(CheckItem::name).doesNotContain(CheckItem.ESTIMATED_TIME,
                    CheckItem.DISK_SPACE, CheckItem.CUT_OVER).contains(CheckItem.LONG_TRANSACTIONS);

            CheckReport missing = check(db, "nope");
            assertThat(missing.table()).isEqualTo(db.q("nope"));
            assertThat(missing.hardFailures()).extracting(CheckItem::detail).singleElement().asString()
                    .contains("no table of that name");
        }
    }

    @Test
    void aSessionIdleInTransactionIsNamedAndBlocksNothingButIsWarnedAbout() throws Exception {
        try (Db db = new Db(); Connection other = db.dataSource().getConnection()) {
            db.exec("CREATE TABLE t (id bigint PRIMARY KEY, v text)");
            db.fill("t", 1_000);
            long pid = pid(other);
            assertThat(item(check(db, "t"), CheckItem.LONG_TRANSACTIONS).detail()).doesNotContain("pid " + pid + " ");

            other.setAutoCommit(false);
            try (Statement st = other.createStatement()) {
                st.executeQuery("SELECT count(*) FROM " + db.q("t")).close();
            }
            CheckReport r = check(db, "t");
            assertThat(r.hardFailures()).as(r.toString()).isEmpty();
            CheckItem lt = item(r, CheckItem.LONG_TRANSACTIONS);
            assertThat(lt.status()).isEqualTo(Status.WARN);
            assertThat(lt.detail()).contains("pid " + pid + " (user ").contains("idle in transaction")
                    .contains("holding AccessShareLock on the table").contains("SELECT count(*) FROM " + db.q("t"));
            CheckItem cut = item(r, CheckItem.CUT_OVER);
            assertThat(cut.status()).isEqualTo(Status.WARN);
            assertThat(cut.detail()).contains("pid " + pid + " holds AccessShareLock").contains("commit or roll back");
            other.rollback();
            assertThat(item(check(db, "t"), CheckItem.CUT_OVER).status()).isEqualTo(Status.OK);
        }
    }

    @Test
    void theLongTransactionThresholdIsAParameter() throws Exception {
        try (Db db = new Db(); Connection other = db.dataSource().getConnection()) {
            db.exec("CREATE TABLE t (id bigint PRIMARY KEY, v text)");
            long pid = pid(other);
            other.setAutoCommit(false);
            Thread sleeper = new Thread(() -> {
                try (Statement st = other.createStatement()) {
                    st.execute("SELECT pg_sleep(60)");    // an active transaction, not idle: only its age counts
                } catch (Exception e) {
                    // cancelled below
                }
            });
            sleeper.start();
            try {
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (db.queryLong("SELECT count(*) FROM pg_stat_activity WHERE pid = ? AND state = 'active' "
                        + "AND now() - xact_start > interval '300 milliseconds'", pid) == 0 && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                Recast rewriter = Recast.builder(db.dataSource()).build();
                RewriteOptions options = RewriteOptions.defaults();
                CheckItem strict = item(rewriter.check(db.q("t"), options, CheckOptions.builder()
                        .longTransaction(Duration.ofMillis(100)).build()), CheckItem.LONG_TRANSACTIONS);
                assertThat(strict.status()).isEqualTo(Status.WARN);
                assertThat(strict.detail()).contains("pid " + pid + " ").contains("active in a transaction open for")
                        .contains("open longer than 100 ms");
                CheckItem lenient = item(rewriter.check(db.q("t")), CheckItem.LONG_TRANSACTIONS);
                assertThat(lenient.detail()).doesNotContain("pid " + pid + " ").contains("longer than 5m00s");
            } finally {
                db.queryValue("SELECT pg_cancel_backend(?)", (int) pid);
                sleeper.join();
                other.rollback();
            }
        }
    }

    @Test
    void repackPassesTheWarningsToTheListenerAndRuns() throws Exception {
        try (Db db = new Db(); Connection other = db.dataSource().getConnection()) {
            db.exec("CREATE TABLE t (id bigint PRIMARY KEY, v text)");
            db.exec("CREATE TABLE elsewhere (id int)");
            db.fill("t", 2_000);
            long pid = pid(other);
            other.setAutoCommit(false);
            other.createStatement().execute("INSERT INTO " + db.q("elsewhere") + " VALUES (1)");  // not on t
            List<String> warnings = new CopyOnWriteArrayList<>();
            try {
                String before = db.checksum("t");
                Recast.builder(db.dataSource()).listener(new RewriteListener() {
                    @Override
                    public void warning(String table, String message) {
                        warnings.add(message);
                    }
                }).build().repack(db.q("t"), RewriteOptions.builder().build());
                assertThat(db.checksum("t")).isEqualTo(before);
            } finally {
                other.rollback();
            }
            assertThat(warnings).anySatisfy(w -> assertThat(w).startsWith("pre-flight check, long transactions: ")
                    .contains("pid " + pid + " "));
            assertThat(db.artifacts()).isEmpty();
        }
    }

    @Test
    void aPreparedTransactionHoldingALockOnTheTableFailsAndRepackRefuses() throws Exception {
        try (Db db = new Db()) {
            long preparable = db.queryLong("SELECT current_setting('max_prepared_transactions')::int");
            assumeThat(preparable).as("max_prepared_transactions is %d on this server, the test prepares 2 "
                    + "transactions (scripts/pg-server.sh servers allow them): skipped", preparable)
                    .isGreaterThanOrEqualTo(2);
            db.exec("CREATE TABLE t (id bigint PRIMARY KEY, v text)");
            db.exec("CREATE TABLE elsewhere (id int)");
            db.fill("t", 1_000);
            String reader = "recast_it_" + db.schema() + "_reader";
            String other = "recast_it_" + db.schema() + "_other";
            try {
                db.exec("BEGIN");
                db.exec("SELECT count(*) FROM t");                  // ACCESS SHARE, kept by the prepared transaction
                db.exec("PREPARE TRANSACTION '" + reader + "'");
                db.exec("BEGIN");
                db.exec("INSERT INTO elsewhere VALUES (1)");
                db.exec("PREPARE TRANSACTION '" + other + "'");

                CheckReport r = check(db, "t");
                assertThat(r.hardFailures()).extracting(CheckItem::name).containsExactly(CheckItem.PREPARED_TRANSACTIONS);
                assertThat(item(r, CheckItem.PREPARED_TRANSACTIONS).detail())
                        .contains("prepared transaction '" + reader + "'").contains("holds AccessShareLock on the table")
                        .contains("ROLLBACK PREPARED '" + reader + "'").contains("other prepared transactions: '" + other);

                String artifacts = db.artifacts().toString();
                NotEligibleException e = catchThrowableOfType(NotEligibleException.class, () ->
                        Recast.builder(db.dataSource()).build().repack(db.q("t"), RewriteOptions.builder().build()));
                assertThat(e).isNotNull();
                assertThat(e.getMessage()).contains("prepared transactions: ").contains("'" + reader + "'");
                assertThat(db.artifacts().toString()).isEqualTo(artifacts);

                db.exec("ROLLBACK PREPARED '" + reader + "'");
                CheckItem left = item(check(db, "t"), CheckItem.PREPARED_TRANSACTIONS);
                assertThat(left.status()).isEqualTo(Status.WARN);
                assertThat(left.detail()).contains("'" + other + "'").contains("none locks the table");
            } finally {
                for (String gid : db.queryList("SELECT gid FROM pg_prepared_xacts WHERE gid IN (?, ?)", reader, other)) {
                    db.exec("ROLLBACK PREPARED '" + gid + "'");
                }
            }
        }
    }

    @Test
    void anInactivePhysicalSlotIsReportedWithTheWalItRetains() throws Exception {
        try (Db db = new Db()) {
            String slot = "recast_it_" + db.schema();
            db.exec("CREATE TABLE t (id bigint PRIMARY KEY, v text)");
            try {
                db.queryValue("SELECT pg_create_physical_replication_slot(?, true)", slot);  // reserves WAL now
                CheckItem slots = item(check(db, "t"), CheckItem.REPLICATION_SLOTS);
                assertThat(slots.status()).isEqualTo(Status.WARN);
                assertThat(slots.detail()).contains("slot " + slot + " (physical) is inactive and retains ")
                        .contains("pg_drop_replication_slot('" + slot + "')");
            } finally {
                db.queryValue("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = ?",
                        slot);
            }
        }
    }

    @Test
    void anInactiveLogicalSlotIsReported() throws Exception {
        try (Db db = new Db()) {
            String walLevel = db.queryString("SHOW wal_level");
            assumeThat(walLevel).as("wal_level is %s on this server, not logical, so no logical slot can be created "
                    + "(scripts/pg-server.sh servers have it): skipped", walLevel).isEqualTo("logical");
            String slot = "recast_it_" + db.schema();
            db.exec("CREATE TABLE t (id bigint PRIMARY KEY, v text)");
            try {
                db.queryValue("SELECT pg_create_logical_replication_slot(?, 'pgoutput')", slot);
                CheckItem slots = item(check(db, "t"), CheckItem.REPLICATION_SLOTS);
                assertThat(slots.status()).isEqualTo(Status.WARN);
                assertThat(slots.detail()).contains("slot " + slot + " (logical, database ")
                        .contains("is inactive and retains").contains("holds back vacuum of the catalog");
            } finally {
                db.queryValue("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = ?",
                        slot);
            }
        }
    }

    @Test
    void aPartitionedTableIsCheckedThroughItsPartitions() throws Exception {
        try (Db db = new Db()) {
            db.exec("CREATE TABLE p (id int PRIMARY KEY, v text) PARTITION BY RANGE (id)");
            db.exec("CREATE TABLE p_1 PARTITION OF p FOR VALUES FROM (0) TO (5000)");
            db.exec("CREATE TABLE p_2 PARTITION OF p FOR VALUES FROM (5000) TO (10000)");
            db.exec("INSERT INTO p SELECT g, md5(g::text) FROM generate_series(0, 9999) g");
            CheckReport r = check(db, "p");
            assertThat(r.hardFailures()).as(r.toString()).isEmpty();
            assertThat(item(r, CheckItem.ELIGIBILITY).detail()).contains("each of its 2 partitions");
            long leaves = db.queryLong("SELECT sum(pg_total_relation_size(relid)) FROM pg_partition_tree(?::regclass) "
                    + "WHERE isleaf", db.q("p"));
            assertThat(item(r, CheckItem.DISK_SPACE).figures().get("tableBytes")).isEqualTo(leaves);
            // fewer rows than the sample: read whole, so counted exactly
            assertThat(item(r, CheckItem.ESTIMATED_TIME).figures().get("rowEstimate")).isEqualTo(10_000L);
            assertThat(item(r, CheckItem.CUT_OVER).detail()).contains("each of the 2 partitions is swapped")
                    .contains("ONLY, on its parent (" + db.q("p") + ")");
        }
    }
}
