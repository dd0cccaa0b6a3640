package io.recast.engine.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.recast.engine.Recast;
import io.recast.engine.api.Phase;
import io.recast.engine.api.RewriteListener;
import io.recast.engine.api.RewriteOptions;
import io.recast.engine.api.RewriteResult;
import io.recast.engine.testkit.Db;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A unique value that moves from one row to another while the table is rewritten (found by the
 * scenarios under writes): the copy reads each row once, at its batch's time, and the replay reads
 * the rows of logged keys as they are now, so the shadow can hold a value twice for a while. Neither
 * the unique index built after the copy nor a replay batch may fail on it.
 */
class UniqueValuesIT {

    private static void create(Db db) throws SQLException {
        db.exec("CREATE TABLE t (id int PRIMARY KEY, v int NOT NULL UNIQUE, note text)");
        db.exec("INSERT INTO t SELECT g, g, 'n' || g FROM generate_series(1, 2000) g");
        db.exec("CREATE TABLE t_twin AS SELECT * FROM t");
    }

    /** Runs the statements on the table and its twin, each in its own transaction (autocommit). */
    private static void write(Db db, List<String> statements) {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql.replace("TABLE_", db.q("t")));
                s.execute(sql.replace("TABLE_", db.q("t_twin")));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertEqualToTwin(Db db) throws SQLException {
        assertThat(db.checksum(db.q("t"))).as(db.difference(db.q("t"), db.q("t_twin")))
                .isEqualTo(db.checksum(db.q("t_twin")));
        assertThat(db.artifacts()).isEmpty();
    }

    @Test
    void aValueMovedToARowNotYetCopiedDoesNotBreakTheUniqueIndex() throws Exception {
        try (Db db = new Db()) {
            create(db);
            List<String> errors = new ArrayList<>();
            RewriteListener afterFirstBatch = new RewriteListener() {
                private int batches;

                @Override
                public void batchCopied(String table, long rows, Duration took) {
                    if (++batches == 1) {
                        // row 10 (copied) gives its v to row 1500 (not copied yet)
                        try {
                            write(db, List.of("UPDATE TABLE_ SET v = -10 WHERE id = 10",
                                    "UPDATE TABLE_ SET v = 10 WHERE id = 1500"));
                        } catch (RuntimeException e) {
                            errors.add(e.toString());
                        }
                    }
                }
            };
            Recast.builder(db.dataSource()).listener(afterFirstBatch).build()
                    .repack(db.q("t"), RewriteOptions.builder().batchRows(500).targetBatchTime(Duration.ZERO).build());
            assertThat(errors).isEmpty();
            assertThat(db.queryLong("SELECT v FROM t WHERE id = 1500")).isEqualTo(10);
            assertEqualToTwin(db);
        }
    }

    @Test
    void aReplayBatchReadingAheadOfTheLogFallsBackToTheWholeLog() throws Exception {
        try (Db db = new Db()) {
            create(db);
            RewriteListener beforeCatchUp = new RewriteListener() {
                @Override
                public void phaseStarted(String table, Phase phase) {
                    if (phase == Phase.CATCH_UP) {
                        // logged in this order: row 5 (its note), row 7 gives up v = 7, row 5 takes v = 7; a
                        // batch of one log row replays row 5 as it is now, with v = 7, while row 7 in the
                        // shadow still has it
                        write(db, List.of("UPDATE TABLE_ SET note = 'first' WHERE id = 5",
                                "UPDATE TABLE_ SET v = -7 WHERE id = 7",
                                "UPDATE TABLE_ SET v = 7 WHERE id = 5"));
                    }
                }
            };
            RewriteResult r = Recast.builder(db.dataSource()).listener(beforeCatchUp).build().repack(db.q("t"),
                    RewriteOptions.builder().batchRows(500).replayRows(1).cutOverBacklog(0).build());
            assertThat(r.rowsReplayed()).isGreaterThanOrEqualTo(3);
            assertThat(db.queryLong("SELECT v FROM t WHERE id = 5")).isEqualTo(7);
            assertEqualToTwin(db);
        }
    }
}
