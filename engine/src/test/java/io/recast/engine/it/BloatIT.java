package io.recast.engine.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recast.engine.Recast;
import io.recast.engine.api.BloatOptions;
import io.recast.engine.api.BloatReport;
import io.recast.engine.api.NotEligibleException;
import io.recast.engine.api.RelationBloat;
import io.recast.engine.api.RelationBloat.Action;
import io.recast.engine.api.RelationBloat.Kind;
import io.recast.engine.api.RelationBloat.Method;
import io.recast.engine.testkit.Db;
import io.recast.engine.testkit.OwnerRole;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@code bloat} against the truth: each shape's reclaimable share as measured by the statistics
 * estimate and by pgstattuple, against what a rewrite (VACUUM FULL, REINDEX) really gives back.
 */
class BloatIT {
    /** The aim: the estimate within 10 percentage points of the truth. */
    static final double POINTS = 10;

    @Test
    void theEstimateAndPgstattupleAgreeWithWhatARewriteGivesBack() throws Exception {
        try (Db db = new Db()) {
            db.exec("CREATE EXTENSION IF NOT EXISTS pgstattuple SCHEMA public");
            // narrow: 40% of the rows deleted and vacuumed away, scattered over every page
            db.exec("CREATE TABLE narrow (id bigint PRIMARY KEY, v int)");
            db.exec("INSERT INTO narrow SELECT g, g FROM generate_series(1, 300000) g");
            db.exec("DELETE FROM narrow WHERE id % 10 < 4");
            // wide: half the rows updated once (text, numeric, timestamptz, a mostly-null column)
            db.exec("CREATE TABLE wide (id bigint PRIMARY KEY, a text, b numeric, c timestamptz, d text, e int)");
            db.exec("INSERT INTO wide SELECT g, md5(g::text) || md5((g * 7)::text), g * 1.5, now() - g * interval '1 s', "
                    + "CASE WHEN g % 2 = 0 THEN repeat('x', 40) END, g FROM generate_series(1, 100000) g");
            db.exec("UPDATE wide SET a = md5(a), b = b + 1 WHERE id % 2 = 0");
            // TOAST-heavy: 8 kB values stored out of line, half of them replaced
            db.exec("CREATE TABLE toasty (id int PRIMARY KEY, doc text)");
            db.exec("ALTER TABLE toasty ALTER COLUMN doc SET STORAGE EXTERNAL");
            db.exec("INSERT INTO toasty SELECT g, (SELECT string_agg(md5(g::text || i::text), '') "
                    + "FROM generate_series(1, 256) i) FROM generate_series(1, 2000) g");
            db.exec("UPDATE toasty SET doc = upper(doc) WHERE id % 2 = 0");
            // clean: loaded and vacuumed, nothing to give back
            db.exec("CREATE TABLE clean (id bigint PRIMARY KEY, a text, n int)");
            db.exec("INSERT INTO clean SELECT g, md5(g::text), g % 100 FROM generate_series(1, 200000) g");
            db.exec("CREATE INDEX clean_n ON clean (n)");
            // index-only: 70% of the keys deleted, then as many new keys inserted: the heap fills its
            // free space again, the key's index keeps its emptied pages
            db.exec("CREATE TABLE idx (id bigint PRIMARY KEY, v int)");
            db.exec("INSERT INTO idx SELECT g, g FROM generate_series(1, 300000) g");
            db.exec("DELETE FROM idx WHERE id % 10 < 7");
            db.exec("VACUUM idx");
            db.exec("INSERT INTO idx SELECT g, g FROM generate_series(300001, 510000) g");
            db.exec("VACUUM ANALYZE narrow, wide, toasty, clean, idx");

            Map<String, RelationBloat> estimate = measure(db, BloatOptions.Method.ESTIMATE);
            Map<String, RelationBloat> exact = measure(db, BloatOptions.Method.EXACT);
            assertThat(estimate.values()).allMatch(r -> r.method() == Method.ESTIMATED);
            assertThat(exact.values()).allMatch(r -> r.method() == Method.EXACT);

            List<String> relations = List.of("narrow", "wide", "toasty", "clean", "idx", "narrow_pkey", "wide_pkey",
                    "clean_pkey", "clean_n", "idx_pkey");
            Map<String, Double> truth = new java.util.LinkedHashMap<>();
            for (Kind kind : List.of(Kind.INDEX, Kind.TABLE)) {     // indexes first: VACUUM FULL rebuilds them
                for (String r : relations) {
                    if (estimate.get(r).kind() == kind) {
                        truth.put(r, truth(db, r, kind));
                    }
                }
            }
            List<String> lines = new ArrayList<>();
            List<String> off = new ArrayList<>();
            for (String r : relations) {
                double t = truth.get(r);
                double e = estimate.get(r).reclaimablePercent();
                double x = exact.get(r).reclaimablePercent();
                lines.add(String.format(Locale.ROOT, "%-12s truth %5.1f%%  estimate %5.1f%% (%+5.1f)  pgstattuple %5.1f%% (%+5.1f)",
                        r, t, e, e - t, x, x - t));
                if (Math.abs(e - t) > POINTS || Math.abs(x - t) > POINTS) {
                    off.add(r);
                }
            }
            String table = String.join("\n", lines);
            System.out.println("bloat accuracy, server " + db.serverVersion() + ":\n" + table);
            assertThat(off).as("more than %s points from the truth:%n%s", POINTS, table).isEmpty();
            assertThat(truth.get("narrow")).as("the shapes are bloated as meant").isGreaterThan(30);
            assertThat(truth.get("idx_pkey")).isGreaterThan(30);
            assertThat(truth.get("idx")).isLessThan(10);
            assertThat(truth.get("clean")).isLessThan(5);
        }
    }

    @Test
    void recommendsRepackReindexVacuumOrNothing() throws Exception {
        try (Db db = new Db()) {
            db.exec("CREATE TABLE bloated (id bigint PRIMARY KEY, v text)");
            db.exec("INSERT INTO bloated SELECT g, md5(g::text) FROM generate_series(1, 200000) g");
            db.exec("CREATE TABLE fine (id bigint PRIMARY KEY, v text)");
            db.exec("INSERT INTO fine SELECT g, md5(g::text) FROM generate_series(1, 200000) g");
            db.exec("CREATE TABLE keys (id bigint PRIMARY KEY, v int)");
            db.exec("INSERT INTO keys SELECT g, g FROM generate_series(1, 300000) g");
            db.exec("DELETE FROM keys WHERE id % 10 < 7");
            db.exec("DELETE FROM bloated WHERE id % 2 = 0");
            // the deletes' counters reach the statistics before the VACUUMs reset them (a flush after a
            // VACUUM would count its dead rows again)
            flushStatistics(db);
            db.exec("VACUUM keys");
            db.exec("INSERT INTO keys SELECT g, g FROM generate_series(300001, 510000) g");
            // dead rows not vacuumed yet (autovacuum kept off): a quarter of the rows
            db.exec("CREATE TABLE dead (id bigint PRIMARY KEY, v text) WITH (autovacuum_enabled = false)");
            db.exec("INSERT INTO dead SELECT g, md5(g::text) FROM generate_series(1, 200000) g");
            db.exec("VACUUM dead");
            db.exec("VACUUM ANALYZE bloated, fine, keys");
            flushStatistics(db);
            db.exec("DELETE FROM dead WHERE id % 4 = 0");
            db.exec("ANALYZE dead");
            flushStatistics(db);
            db.exec("CREATE TABLE tiny (id int PRIMARY KEY)");

            BloatReport report = Recast.builder(db.dataSource()).build().bloat(BloatOptions.builder()
                    .schema(db.schema()).minSizeBytes(1 << 20).method(BloatOptions.Method.ESTIMATE).build());
            Map<String, RelationBloat> by = report.relations().stream()
                    .collect(Collectors.toMap(RelationBloat::name, Function.identity()));
            assertThat(report.exact()).isFalse();
            assertThat(by.get("bloated").action()).isEqualTo(Action.REPACK);
            assertThat(by.get("bloated").reason()).contains("would be given back by a rewrite");
            assertThat(by.get("bloated_pkey").action()).as(by.get("bloated_pkey").reason()).isEqualTo(Action.NONE);
            assertThat(by.get("bloated_pkey").reason()).isEqualTo("rebuilt by its table's repack");
            assertThat(by.get("fine").action()).isEqualTo(Action.NONE);
            assertThat(by.get("fine").reason()).contains("below 30%");
            assertThat(by.get("keys").action()).as(by.get("keys").reason()).isEqualTo(Action.NONE);
            assertThat(by.get("keys_pkey").action()).as(by.get("keys_pkey").reason()).isEqualTo(Action.REINDEX);
            assertThat(by.get("keys_pkey").reason()).contains("REINDEX INDEX CONCURRENTLY");
            assertThat(by.get("dead").action()).as(by.get("dead").reason()).isEqualTo(Action.VACUUM);
            assertThat(by.get("dead").deadRows()).isEqualTo(50_000);
            assertThat(by).as("below the minimum size").doesNotContainKey("tiny");
            assertThat(report.relations().get(0).name()).as("the most reclaimable first").isEqualTo("bloated");
            assertThat(by.get("bloated").lastVacuum()).isNotNull();
            assertThat(by.get("bloated").lastAnalyze()).isNotNull();
            assertThat(by.get("keys_pkey").kind()).isEqualTo(Kind.INDEX);
            assertThat(by.get("keys_pkey").table()).isEqualTo("keys");
        }
    }

    @Test
    void saysWhenTheEstimateCannotBeTrusted() throws Exception {
        try (Db db = new Db()) {
            db.exec("CREATE TABLE never (id bigint PRIMARY KEY, v text) WITH (autovacuum_enabled = false)");
            db.exec("INSERT INTO never SELECT g, md5(g::text) FROM generate_series(1, 100000) g");
            db.exec("CREATE TABLE stale (id bigint PRIMARY KEY, v text) WITH (autovacuum_enabled = false)");
            db.exec("INSERT INTO stale SELECT g, md5(g::text) FROM generate_series(1, 100000) g");
            db.exec("ANALYZE stale");
            db.exec("UPDATE stale SET v = upper(v) WHERE id % 2 = 0");
            db.exec("CREATE INDEX stale_expr ON stale (lower(v))");
            flushStatistics(db);

            Map<String, RelationBloat> by = Recast.builder(db.dataSource()).build().bloat(BloatOptions.builder()
                    .schema(db.schema()).minSizeBytes(0).method(BloatOptions.Method.ESTIMATE).build())
                    .relations().stream().collect(Collectors.toMap(RelationBloat::name, Function.identity()));
            assertThat(by.get("never").caveats()).anyMatch(c -> c.startsWith("never analyzed: only its dead rows"));
            assertThat(by.get("never").action()).isEqualTo(Action.NONE);
            assertThat(by.get("never").reason()).isEqualTo("0% reclaimable, below 30%");
            assertThat(by.get("never_pkey").caveats()).anyMatch(c -> c.startsWith("its table was never analyzed"));
            assertThat(by.get("stale").caveats()).anyMatch(c -> c.contains("rows changed since its last ANALYZE"));
            assertThat(by.get("stale_expr").caveats()).anyMatch(c -> c.contains("expression"));
        }
    }

    @Test
    void withoutTheRightToRunPgstattupleItEstimatesAndSaysWhy() throws Exception {
        try (Db db = new Db(); OwnerRole role = OwnerRole.create(db, "recast_bloat_role", "pw")) {
            db.exec("CREATE EXTENSION IF NOT EXISTS pgstattuple SCHEMA public");
            db.exec("CREATE TABLE t (id bigint PRIMARY KEY, v text)");
            db.exec("INSERT INTO t SELECT g, md5(g::text) FROM generate_series(1, 50000) g");
            db.exec("VACUUM ANALYZE t");
            role.owns("t");
            Recast recast = Recast.builder(role.dataSource()).build();
            BloatReport report = recast.bloat(BloatOptions.builder().schema(db.schema()).minSizeBytes(0).build());
            assertThat(report.exact()).isFalse();
            assertThat(report.method()).contains("may not run pgstattuple's functions")
                    .contains("GRANT pg_stat_scan_tables");
            assertThat(report.relations()).extracting(RelationBloat::name).contains("t", "t_pkey");
            assertThatThrownBy(() -> recast.bloat(BloatOptions.builder().schema(db.schema())
                    .method(BloatOptions.Method.EXACT).build())).isInstanceOf(NotEligibleException.class)
                    .hasMessageContaining("pg_stat_scan_tables").hasMessageContaining("--method estimate");
            db.exec("GRANT pg_stat_scan_tables TO recast_bloat_role");
            try {
                assertThat(recast.bloat(BloatOptions.builder().schema(db.schema()).minSizeBytes(0).build()).exact())
                        .isTrue();
            } finally {
                db.exec("REVOKE pg_stat_scan_tables FROM recast_bloat_role");
            }
        }
    }

    @Test
    void partitionsPatternsAndDatabases() throws Exception {
        try (Db db = new Db()) {
            db.exec("CREATE TABLE parted (id bigint, v text, PRIMARY KEY (id)) PARTITION BY RANGE (id)");
            db.exec("CREATE TABLE parted_1 PARTITION OF parted FOR VALUES FROM (0) TO (1000)");
            db.exec("CREATE TABLE parted_2 PARTITION OF parted FOR VALUES FROM (1000) TO (2000)");
            db.exec("CREATE TABLE other (id int)");
            // a table of another access method (heap's handler under another name): measured by neither
            db.exec("DO $$BEGIN CREATE ACCESS METHOD recast_bloat_am TYPE TABLE HANDLER heap_tableam_handler; "
                    + "EXCEPTION WHEN duplicate_object THEN NULL; END$$");
            db.exec("CREATE TABLE odd (id int PRIMARY KEY) USING recast_bloat_am");
            db.exec("INSERT INTO parted SELECT g, 'x' FROM generate_series(0, 1999) g");
            db.exec("ANALYZE parted, other");
            Recast recast = Recast.builder(db.dataSource()).build();
            List<String> all = recast.bloat(BloatOptions.builder().schema(db.schema()).minSizeBytes(0).build())
                    .relations().stream().map(RelationBloat::name).toList();
            assertThat(all).contains("parted_1", "parted_2", "other", "parted_1_pkey", "odd").doesNotContain("parted");
            RelationBloat odd = recast.bloat(BloatOptions.builder().schema(db.schema()).tablePattern("odd")
                    .minSizeBytes(0).build()).relations().stream().filter(r -> r.name().equals("odd")).findFirst()
                    .orElseThrow();
            assertThat(odd.method()).isEqualTo(Method.NONE);
            assertThat(odd.reason()).isEqualTo("not measured: table access method recast_bloat_am");
            db.exec("DROP TABLE odd");
            db.exec("DROP ACCESS METHOD recast_bloat_am");
            List<String> some = recast.bloat(BloatOptions.builder().schema(db.schema()).tablePattern("parted_?")
                    .minSizeBytes(0).build()).relations().stream().map(RelationBloat::name).toList();
            assertThat(some).containsExactlyInAnyOrder("parted_1", "parted_2", "parted_1_pkey", "parted_2_pkey");
            List<String> qualified = recast.bloat(BloatOptions.builder().tablePattern(db.schema() + ".oth*")
                    .minSizeBytes(0).build()).relations().stream().map(RelationBloat::displayName).toList();
            assertThat(qualified).containsExactly(db.schema() + ".other");
            assertThat(recast.databases()).contains(db.queryString("SELECT current_database()"))
                    .doesNotContain("template0", "template1");
        }
    }

    /** The share of the relation a rewrite gives back: its size before and after VACUUM FULL (REINDEX). */
    private static double truth(Db db, String relation, Kind kind) throws SQLException {
        String size = kind == Kind.TABLE
                ? "SELECT pg_relation_size(c.oid) + coalesce(pg_relation_size(c.reltoastrelid), 0) FROM pg_class c WHERE c.oid = ?::regclass"
                : "SELECT pg_relation_size(?::regclass)";
        long before = db.queryLong(size, db.q(relation));
        db.exec((kind == Kind.TABLE ? "VACUUM FULL " : "REINDEX INDEX ") + db.q(relation));
        long after = db.queryLong(size, db.q(relation));
        return 100.0 * (before - after) / before;
    }

    private static Map<String, RelationBloat> measure(Db db, BloatOptions.Method method) {
        return Recast.builder(db.dataSource()).build()
                .bloat(BloatOptions.builder().schema(db.schema()).minSizeBytes(0).method(method).build())
                .relations().stream().collect(Collectors.toMap(RelationBloat::name, Function.identity()));
    }

    /** The statistics counters reach the views: at once on 15+, after the collector's interval before. */
    static void flushStatistics(Db db) throws Exception {
        if (db.serverVersion() >= 150000) {
            db.exec("SELECT pg_stat_force_next_flush()");
            db.exec("SELECT pg_stat_clear_snapshot()");
        } else {
            // a backend sends its counters at most every 500 ms, at a transaction's end: end one after that
            Thread.sleep(600);
            db.exec("SELECT 1");
            Thread.sleep(1_000);
        }
    }
}
