package io.recast.engine.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recast.engine.Recast;
import io.recast.engine.api.Phase;
import io.recast.engine.api.RewriteException;
import io.recast.engine.api.RewriteListener;
import io.recast.engine.api.RewriteOptions;
import io.recast.engine.testkit.Db;
import io.recast.engine.testkit.Writers;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * recast repack --jobs: the indexes other than the key's are built at once on several sessions,
 * under writes, with the same definitions; a build that fails stops the others and the run, and
 * leaves nothing behind.
 */
class IndexJobsIT {

    /**
     * Three secondary indexes whose expression sleeps per row while table {@code slow_now} has a row
     * (during the index builds), so that each build takes a while: a sampler sees them build at the
     * same time on three sessions of the run.
     */
    private static void table(Db db) throws Exception {
        db.exec("CREATE TABLE slow_now (on_ boolean)");
        db.exec("CREATE FUNCTION slow(bigint) RETURNS bigint LANGUAGE plpgsql IMMUTABLE AS "
                + "$$ BEGIN IF EXISTS (SELECT FROM " + db.schema() + ".slow_now) THEN PERFORM pg_sleep(0.0003); END IF; "
                + "RETURN $1; END $$");
        for (String t : new String[] {"t", "t_twin"}) {
            db.exec("CREATE TABLE " + t + " (id bigint PRIMARY KEY, v text NOT NULL, n int DEFAULT 7, "
                    + "created timestamptz NOT NULL DEFAULT '2020-01-01')");
            db.fill(t, 3_000);
        }
        db.exec("CREATE INDEX t_slow_a ON t (slow(id))");
        db.exec("CREATE UNIQUE INDEX t_slow_b ON t (slow(id), v)");
        db.exec("CREATE INDEX t_slow_c ON t (slow(id)) WHERE n > 0");
        db.exec("COMMENT ON INDEX t_slow_b IS 'unique, built beside the others'");
    }

    private static List<String> indexes(Db db) throws Exception {
        return db.queryList("SELECT indexrelid::regclass::text || ' ' || pg_get_indexdef(indexrelid) || ' '"
                + " || indisvalid || ' ' || coalesce(obj_description(indexrelid, 'pg_class'), '') FROM pg_index"
                + " WHERE indrelid = ?::regclass ORDER BY 1", db.q("t"));
    }

    @Test
    void theIndexesAreBuiltAtOnceUnderWrites() throws Exception {
        try (Db db = new Db()) {
            table(db);
            List<String> before = indexes(db);
            AtomicInteger most = new AtomicInteger();
            AtomicBoolean sampling = new AtomicBoolean(true);
            Thread sampler = new Thread(() -> {
                try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
                    while (sampling.get()) {
                        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE "
                                + "application_name = 'recast: worker' AND state = 'active' AND query LIKE 'CREATE%INDEX%'")) {
                            rs.next();
                            most.accumulateAndGet(rs.getInt(1), Math::max);
                        }
                        Thread.sleep(20);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            RewriteListener startSampling = new RewriteListener() {
                @Override
                public void phaseStarted(String table, Phase phase) {
                    try {
                        if (phase == Phase.INDEX && !sampler.isAlive()) {
                            db.exec("INSERT INTO slow_now VALUES (true)");
                            sampler.start();
                        } else if (phase == Phase.CATCH_UP) {
                            db.exec("DELETE FROM slow_now");
                        }
                    } catch (java.sql.SQLException e) {
                        throw new IllegalStateException(e);
                    }
                }
            };
            try (Writers w = Writers.twin(db.dataSource(), db.q("t"), db.q("t_twin"), 2, 7, Duration.ofMillis(2))) {
                w.awaitTransactions(50, Duration.ofSeconds(30));
                Recast.builder(db.dataSource()).listener(startSampling).build().repack(db.q("t"),
                        RewriteOptions.builder().indexJobs(3).build());
                w.awaitTransactions(w.transactions() + 50, Duration.ofSeconds(30));
                w.close();
                assertThat(w.errors()).isEmpty();
            } finally {
                sampling.set(false);
                sampler.join(10_000);
            }
            assertThat(most.get()).as("index builds seen running at the same moment").isEqualTo(3);
            assertThat(indexes(db)).isEqualTo(before);
            assertThat(db.checksum(db.q("t"))).as(db.difference(db.q("t"), db.q("t_twin")))
                    .isEqualTo(db.checksum(db.q("t_twin")));
            assertThat(db.artifacts()).isEmpty();
            assertThat(db.queryLong("SELECT count(*) FROM pg_stat_activity WHERE application_name LIKE 'recast:%'"))
                    .as("the builds' sessions are closed").isZero();
        }
    }

    @Test
    void aBuildThatFailsStopsTheOthersAndTheRun() throws Exception {
        try (Db db = new Db()) {
            table(db);
            long filenode = db.relfilenode(db.q("t"));
            List<String> before = indexes(db);
            // the table's index exists: from now on the function fails on one value, as a build of it would
            db.exec("CREATE OR REPLACE FUNCTION slow(bigint) RETURNS bigint LANGUAGE plpgsql IMMUTABLE AS "
                    + "$$ BEGIN IF $1 = 2500 THEN RAISE 'no 2500 here'; END IF; RETURN $1; END $$");
            assertThatThrownBy(() -> Recast.builder(db.dataSource()).build().repack(db.q("t"),
                    RewriteOptions.builder().indexJobs(3).build()))
                    .isInstanceOf(RewriteException.class).hasMessageContaining("no 2500 here");
            assertThat(db.relfilenode(db.q("t"))).isEqualTo(filenode);
            assertThat(indexes(db)).isEqualTo(before);
            assertThat(db.artifacts()).isEmpty();
            assertThat(db.queryLong("SELECT count(*) FROM pg_stat_activity WHERE application_name LIKE 'recast:%'"))
                    .as("the builds' sessions are closed").isZero();
        }
    }
}
