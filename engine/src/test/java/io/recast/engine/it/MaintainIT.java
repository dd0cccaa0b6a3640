package io.recast.engine.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recast.engine.Recast;
import io.recast.engine.api.ConcurrentRunException;
import io.recast.engine.api.HistoryEntry;
import io.recast.engine.api.MaintainItem;
import io.recast.engine.api.MaintainItem.Status;
import io.recast.engine.api.MaintainListener;
import io.recast.engine.api.MaintainOptions;
import io.recast.engine.api.MaintainReport;
import io.recast.engine.api.MaintainReport.Outcome;
import io.recast.engine.api.RewriteOptions;
import io.recast.engine.testkit.Db;
import io.recast.engine.testkit.Writers;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * recast maintain on a schema holding a table of each kind: it picks exactly the ones that need it,
 * with the right action, in the right order; then does them (one under twin writers), records them,
 * and leaves nothing behind. The window, a second maintain and failures each on their own.
 */
class MaintainIT {

    /** Builds each kind of table; returns nothing: the test asserts what maintain makes of them. */
    private static void tablesOfEachKind(Db db) throws Exception {
        // bloated big: half its rows deleted (the twin writers' table)
        ConcurrencyIT.createPair(db);
        db.exec("DELETE FROM t WHERE id % 2 = 0");
        db.exec("DELETE FROM t_twin WHERE id % 2 = 0");
        // clean big
        db.exec("CREATE TABLE clean (id bigint PRIMARY KEY, v text)");
        db.exec("INSERT INTO clean SELECT g, md5(g::text) FROM generate_series(1, 60000) g");
        // bloated small: under the minimum size
        db.exec("CREATE TABLE small (id bigint PRIMARY KEY, v text)");
        db.exec("INSERT INTO small SELECT g, md5(g::text) FROM generate_series(1, 2000) g");
        db.exec("DELETE FROM small WHERE id % 2 = 0");
        // index-only bloat: 70% of the keys deleted, as many inserted again; the heap reuses its space
        db.exec("CREATE TABLE keys (id bigint PRIMARY KEY, v int)");
        db.exec("INSERT INTO keys SELECT g, g FROM generate_series(1, 150000) g");
        db.exec("DELETE FROM keys WHERE id % 10 < 7");
        db.exec("VACUUM keys");
        db.exec("INSERT INTO keys SELECT g, g FROM generate_series(150001, 255000) g");
        // a partitioned table: its old partition bloated, and one created since the last run, bloated too
        db.exec("CREATE TABLE parted (id bigint PRIMARY KEY, v text) PARTITION BY RANGE (id)");
        db.exec("CREATE TABLE parted_old PARTITION OF parted FOR VALUES FROM (0) TO (100000)");
        db.exec("CREATE TABLE parted_new PARTITION OF parted FOR VALUES FROM (100000) TO (200000)");
        db.exec("INSERT INTO parted SELECT g, md5(g::text) FROM generate_series(0, 199999) g");
        db.exec("DELETE FROM parted WHERE id % 3 = 0");
        // done recently: repacked a moment ago by recast, bloated again since
        db.exec("CREATE TABLE recent (id bigint PRIMARY KEY, v text)");
        db.exec("INSERT INTO recent SELECT g, md5(g::text) FROM generate_series(1, 60000) g");
        Recast.builder(db.dataSource()).build().repack(db.q("recent"));
        db.exec("DELETE FROM recent WHERE id % 2 = 0");
        db.exec("VACUUM ANALYZE");
        // dead rows only: a quarter of the rows deleted, not vacuumed (autovacuum kept off)
        db.exec("CREATE TABLE dead (id bigint PRIMARY KEY, v text) WITH (autovacuum_enabled = false)");
        db.exec("INSERT INTO dead SELECT g, md5(g::text) FROM generate_series(1, 60000) g");
        db.exec("VACUUM ANALYZE dead");
        db.exec("DELETE FROM dead WHERE id % 4 = 0");
        db.exec("ANALYZE dead");
        BloatIT.flushStatistics(db);
    }

    private static MaintainOptions.Builder options(Db db) {
        return MaintainOptions.builder().schema(db.schema()).minSizeBytes(1L << 20).excludes(List.of("t_twin"))
                .method(io.recast.engine.api.BloatOptions.Method.ESTIMATE);
    }

    @Test
    void picksWhatNeedsItInOrderAndDoesItUnderWrites() throws Exception {
        try (Db db = new Db()) {
            tablesOfEachKind(db);
            Recast recast = Recast.builder(db.dataSource()).build();
            String s = db.schema() + ".";
            long historyBefore = recast.history(null, Duration.ofDays(1)).size();

            MaintainReport plan = recast.maintain(options(db).dryRun(true).build(), MaintainListener.NONE);
            assertThat(plan.outcome()).isEqualTo(Outcome.PLANNED);
            Map<String, String> picked = plan.items().stream().filter(i -> i.status() == Status.PLANNED)
                    .collect(Collectors.toMap(MaintainItem::relation, MaintainItem::action));
            assertThat(picked).containsOnly(Map.entry(s + "t", "repack"), Map.entry(s + "keys_pkey", "reindex"),
                    Map.entry(s + "parted_old", "repack"), Map.entry(s + "parted_new", "repack"),
                    Map.entry(s + "dead", "vacuum"));
            List<MaintainItem> planned = plan.items().stream().filter(i -> i.status() == Status.PLANNED).toList();
            assertThat(planned).as("most reclaimable first")
                    .isSortedAccordingTo(Comparator.comparingLong(MaintainItem::reclaimableBytes).reversed());
            Map<String, String> left = plan.items().stream().filter(i -> i.status() == Status.SKIPPED)
                    .collect(Collectors.toMap(MaintainItem::relation, MaintainItem::detail));
            assertThat(left).as("t_twin_pkey is under the minimum size")
                    .containsOnlyKeys(s + "recent", s + "recent_pkey", s + "t_twin");
            assertThat(left.get(s + "recent_pkey")).as("its table's repack rebuilt it").startsWith("repack ");
            assertThat(left.get(s + "recent")).startsWith("repack ").endsWith("ago, within the minimum interval of 7d00h");
            assertThat(left.get(s + "t_twin")).isEqualTo("excluded by --exclude t_twin");
            assertThat(planned).allSatisfy(i -> assertThat(i.estimateBasis()).isNotBlank());
            assertThat(recast.history(null, Duration.ofDays(1))).as("a dry run records nothing").hasSize((int) historyBefore);

            List<String> smallestFirst = recast.maintain(options(db).dryRun(true).order(MaintainOptions.Order.SMALLEST_FIRST)
                    .maxTables(2).build(), MaintainListener.NONE).items().stream()
                    .filter(i -> i.status() == Status.PLANNED).map(MaintainItem::relation).toList();
            List<MaintainItem> bySize = planned.stream().sorted(Comparator.comparingLong(MaintainItem::sizeBefore)).toList();
            assertThat(smallestFirst).containsExactly(bySize.get(0).relation(), bySize.get(1).relation());

            long keysBefore = db.queryLong("SELECT pg_relation_size(?::regclass)", s + "keys_pkey");
            long tBefore = db.queryLong("SELECT pg_total_relation_size(?::regclass)", s + "t");
            MaintainReport report;
            try (Writers w = Writers.twin(db.dataSource(), db.q("t"), db.q("t_twin"), 2, 11, Duration.ofMillis(2))) {
                w.awaitTransactions(100, Duration.ofSeconds(30));
                report = recast.maintain(options(db).rewrite(RewriteOptions.builder().batchRows(2_000).build()).build(),
                        MaintainListener.NONE);
                w.awaitTransactions(w.transactions() + 100, Duration.ofSeconds(30));
                w.close();
                assertThat(w.errors()).isEmpty();
            }
            assertThat(db.checksum(db.q("t"))).as(db.difference(db.q("t"), db.q("t_twin")))
                    .isEqualTo(db.checksum(db.q("t_twin")));
            assertThat(report.outcome()).as(report.toString()).isEqualTo(Outcome.DONE);
            List<MaintainItem> done = report.items().stream().filter(i -> i.status() == Status.DONE).toList();
            assertThat(done).extracting(MaintainItem::relation)
                    .containsExactlyElementsOf(planned.stream().map(MaintainItem::relation).toList());
            assertThat(done).allSatisfy(i -> assertThat(i.took()).isNotNull());
            assertThat(db.queryLong("SELECT pg_relation_size(?::regclass)", s + "keys_pkey")).isLessThan(keysBefore * 3 / 4);
            assertThat(db.queryLong("SELECT pg_total_relation_size(?::regclass)", s + "t")).isLessThan(tBefore);
            // the VACUUM's counts reach the statistics views a moment later (before 15: through the collector)
            long deadRows = Long.MAX_VALUE;
            for (long until = System.nanoTime() + Duration.ofSeconds(15).toNanos(); System.nanoTime() < until; ) {
                db.exec("SELECT pg_stat_clear_snapshot()");
                deadRows = db.queryLong("SELECT n_dead_tup FROM pg_stat_all_tables WHERE relid = ?::regclass", s + "dead");
                if (deadRows < 15_000) {
                    break;
                }
                Thread.sleep(200);
            }
            assertThat(deadRows).as("vacuumed").isLessThan(15_000);
            assertThat(db.artifacts()).isEmpty();

            List<HistoryEntry> history = recast.history(db.schema() + ".*", Duration.ofHours(1));
            List<HistoryEntry> ofRun = history.stream().filter(h -> Long.valueOf(report.runId()).equals(h.maintainRun()))
                    .toList();
            assertThat(ofRun).extracting(HistoryEntry::action)
                    .containsExactlyInAnyOrder("repack", "reindex", "repack", "repack", "vacuum");
            assertThat(ofRun).allSatisfy(h -> assertThat(h.outcome()).isEqualTo("done"));
            HistoryEntry run = recast.history(null, Duration.ofHours(1)).stream().filter(h -> h.id() == report.runId())
                    .findFirst().orElseThrow();
            assertThat(run.action()).isEqualTo("maintain");
            assertThat(run.outcome()).isEqualTo("done");
            assertThat(run.error()).isEqualTo("5 done, 0 failed, 0 not done, 3 left out");

            MaintainReport again = recast.maintain(options(db).build(), MaintainListener.NONE);
            assertThat(again.items()).as("done now: nothing left but what is left out")
                    .allMatch(i -> i.status() == Status.SKIPPED);
        }
    }

    @Test
    void aWindowThatClosesStopsTheRewriteBeforeItsSwap() throws Exception {
        try (Db db = new Db()) {
            db.exec("CREATE TABLE a (id bigint PRIMARY KEY, v text)");
            db.exec("INSERT INTO a SELECT g, md5(g::text) FROM generate_series(1, 100000) g");
            db.exec("DELETE FROM a WHERE id % 2 = 0");
            db.exec("CREATE TABLE b (id bigint PRIMARY KEY, v text)");
            db.exec("INSERT INTO b SELECT g, md5(g::text) FROM generate_series(1, 60000) g");
            db.exec("DELETE FROM b WHERE id % 2 = 0");
            db.exec("VACUUM ANALYZE a, b");
            long filenode = db.relfilenode(db.q("a"));
            String checksum = db.checksum(db.q("a"));
            Recast recast = Recast.builder(db.dataSource()).build();
            // the window closes 1.5 s after a's estimated end; a's copy, throttled, takes 10 s longer than that
            Duration estimate = recast.maintain(options(db).dryRun(true).build(), MaintainListener.NONE).items().get(0)
                    .estimate();
            long rate = Math.max(100, 50_000 * 1000 / (estimate.toMillis() + 10_000));
            MaintainReport r = recast.maintain(options(db).deadline(Instant.now().plus(estimate).plusMillis(1_500))
                    .rewrite(RewriteOptions.builder().batchRows(500).maxRowsPerSecond(rate).build()).build(),
                    MaintainListener.NONE);
            assertThat(r.outcome()).isEqualTo(Outcome.WINDOW_CLOSED);
            MaintainItem a = r.items().get(0);
            assertThat(a.relation()).isEqualTo(db.schema() + ".a");
            assertThat(a.status()).as(a.toString()).isEqualTo(Status.STOPPED);
            assertThat(a.detail()).startsWith("stopped when the window closed at ").endsWith("before any swap: nothing changed");
            assertThat(r.items().get(1).status()).isEqualTo(Status.NOT_REACHED);
            assertThat(db.relfilenode(db.q("a"))).as("not swapped").isEqualTo(filenode);
            assertThat(db.checksum(db.q("a"))).isEqualTo(checksum);
            assertThat(db.artifacts()).isEmpty();
            HistoryEntry stopped = recast.history(db.schema() + ".a", Duration.ofHours(1)).get(0);
            assertThat(stopped.outcome()).isEqualTo("aborted");
            assertThat(recast.history(null, Duration.ofHours(1)).stream().filter(h -> h.id() == r.runId())
                    .findFirst().orElseThrow().outcome()).isEqualTo("window closed");

            // what would not fit the disk headroom given does not start either
            MaintainReport noRoom = Recast.builder(db.dataSource()).build().maintain(options(db)
                    .diskHeadroomBytes(1L << 20).build(), MaintainListener.NONE);
            assertThat(noRoom.outcome()).isEqualTo(Outcome.DONE);
            assertThat(noRoom.items()).allSatisfy(i -> {
                assertThat(i.status()).isEqualTo(Status.SKIPPED);
                assertThat(i.detail()).startsWith("its new copy needs about ").endsWith("more than the disk headroom of 1.0 MB");
            });
            assertThat(db.relfilenode(db.q("a"))).isEqualTo(filenode);

            // what is estimated not to fit what is left of the window does not start
            MaintainReport tooShort = Recast.builder(db.dataSource()).build().maintain(options(db)
                    .deadline(Instant.now().plusMillis(1_500)).build(), MaintainListener.NONE);
            assertThat(tooShort.outcome()).isEqualTo(Outcome.WINDOW_CLOSED);
            assertThat(tooShort.items()).allSatisfy(i -> {
                assertThat(i.status()).isEqualTo(Status.SKIPPED);
                assertThat(i.detail()).startsWith("estimated ").endsWith("left in the window");
            });
            assertThat(db.relfilenode(db.q("a"))).isEqualTo(filenode);
        }
    }

    @Test
    void aSecondMaintainOnTheDatabaseExitsAtOnceNamingTheFirst() throws Exception {
        try (Db db = new Db()) {
            db.exec("CREATE TABLE a (id bigint PRIMARY KEY, v text)");
            db.exec("INSERT INTO a SELECT g, md5(g::text) FROM generate_series(1, 60000) g");
            db.exec("DELETE FROM a WHERE id % 2 = 0");
            db.exec("VACUUM ANALYZE a");
            CountDownLatch running = new CountDownLatch(1);
            Recast first = Recast.builder(db.dataSource()).build();
            CompletableFuture<MaintainReport> run = CompletableFuture.supplyAsync(() -> first.maintain(options(db)
                    .rewrite(RewriteOptions.builder().batchRows(1_000).maxRowsPerSecond(10_000).build()).build(),
                    new MaintainListener() {
                        @Override
                        public void started(MaintainItem item, int index, int count) {
                            running.countDown();
                        }
                    }));
            assertThat(running.await(30, TimeUnit.SECONDS)).isTrue();
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> Recast.builder(db.dataSource()).build().maintain(options(db).build(),
                    MaintainListener.NONE)).isInstanceOf(ConcurrentRunException.class)
                    .hasMessageContaining("another recast maintain runs on database")
                    .hasMessageContaining("(recast: maintain, from ");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("at once").isLessThan(Duration.ofSeconds(5));
            assertThat(run.get(60, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.DONE);
            assertThat(db.artifacts()).isEmpty();
        }
    }

    @Test
    void failuresAreTheItemsAndLeftoversOfAFailedReindexAreDropped() throws Exception {
        try (Db db = new Db()) {
            db.exec("CREATE TABLE u (id bigint PRIMARY KEY, v int)");
            db.exec("INSERT INTO u SELECT g, g % 10 FROM generate_series(1, 20000) g");
            // two INVALID indexes, as failed concurrent builds leave them: one named as a failed
            // REINDEX CONCURRENTLY's copy, and one of the user's own, which a REINDEX fails on again
            for (String name : List.of("u_v_ccnew", "u_v_unique")) {
                assertThatThrownBy(() -> db.exec("CREATE UNIQUE INDEX CONCURRENTLY " + name + " ON u (v)"))
                        .hasMessageContaining("could not create unique index");
            }
            db.exec("ANALYZE u");
            MaintainReport r = Recast.builder(db.dataSource()).build().maintain(options(db).minSizeBytes(0).build(),
                    MaintainListener.NONE);
            Map<String, MaintainItem> by = r.items().stream().collect(Collectors.toMap(MaintainItem::name, i -> i));
            assertThat(by.get("u_v_ccnew").action()).isEqualTo("drop");
            assertThat(by.get("u_v_ccnew").status()).isEqualTo(Status.DONE);
            assertThat(by.get("u_v_unique").action()).isEqualTo("reindex");
            assertThat(by.get("u_v_unique").status()).isEqualTo(Status.FAILED);
            assertThat(by.get("u_v_unique").detail()).contains("could not create unique index")
                    .contains("dropped the INVALID copy it left: " + db.schema() + ".u_v_unique_ccnew");
            assertThat(r.outcome()).isEqualTo(Outcome.SOME_FAILED);
            assertThat(db.queryList("SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                    + "WHERE i.indrelid = ?::regclass ORDER BY 1", db.q("u"))).containsExactly("u_pkey", "u_v_unique");
        }
    }
}
