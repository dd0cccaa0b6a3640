package io.recast.engine.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.recast.engine.Recast;
import io.recast.engine.api.AbortedException;
import io.recast.engine.api.ErrorKind;
import io.recast.engine.api.Phase;
import io.recast.engine.api.ProgressSnapshot;
import io.recast.engine.api.RewriteListener;
import io.recast.engine.api.RewriteOptions;
import io.recast.engine.api.RewriteResult;
import io.recast.engine.api.VerificationException;
import io.recast.engine.testkit.Db;
import io.recast.engine.testkit.Writers;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code verify}: no false alarm while writers change the table throughout (rows in the log at the
 * snapshot, rows replayed afterwards, rows drained under the lock), and a shadow that someone else
 * wrote to is caught, in the pass and under the cut-over lock, with the table left untouched.
 */
class VerifyIT {
    /** Over 2 chunks of 50,000 keys once every third row is deleted. */
    private static final long ROWS = 110_000;

    /**
     * With a FOR ALL TABLES publication (third case) the swap applies the last changes after the rename,
     * and compares the changed rows there.
     */
    @ParameterizedTest(name = "batch {0}, seed {1}, FOR ALL TABLES publication {2}")
    @CsvSource({"5000, 21, false", "40000, 22, false", "5000, 23, true"})
    void verifiedRewriteEqualsTwinUnderWrites(int batch, long seed, boolean allTables) throws Exception {
        try (Db db = new Db(); AutoCloseable pub = allTables ? allTablesPublication(db) : () -> { }) {
            createPair(db);
            AtomicLong verified = new AtomicLong();
            RewriteListener listener = new RewriteListener() {
                @Override
                public void progress(ProgressSnapshot s) {
                    verified.accumulateAndGet(s.rowsVerified(), Math::max);
                }
            };
            RewriteResult r;
            try (Writers w = Writers.twin(db.dataSource(), db.q("t"), db.q("t_twin"), 3, seed, Duration.ofMillis(1))) {
                w.awaitTransactions(200, Duration.ofSeconds(30));
                r = Recast.builder(db.dataSource()).listener(listener).build().repack(db.q("t"), RewriteOptions.builder()
                        .batchRows(batch).replayRows(700).verify(true).build());
                w.awaitTransactions(w.transactions() + 200, Duration.ofSeconds(30));
                w.close();
                assertThat(w.errors()).isEmpty();
            }
            assertThat(r.phaseDurations()).containsKey(Phase.VERIFY);
            assertThat(r.rowsReplayed()).isPositive();
            // every row not in the log at the snapshot: nearly all of the ~73,000
            assertThat(verified.get()).isGreaterThan(60_000);
            assertThat(db.checksum(db.q("t"))).as(db.difference(db.q("t"), db.q("t_twin")))
                    .isEqualTo(db.checksum(db.q("t_twin")));
            assertThat(db.artifacts()).isEmpty();
        }
    }

    /**
     * Right before the pass, the shadow is changed behind recast's back in the second chunk: one row
     * altered, one deleted, one added. The run fails naming exactly those, and changes nothing.
     */
    @Test
    void aCorruptedShadowIsCaughtInThePass() throws Exception {
        try (Db db = new Db()) {
            createTable(db, "t");
            String before = db.checksum(db.q("t"));
            long filenode = db.relfilenode(db.q("t"));
            String shadow = "recast.shadow_" + db.queryLong("SELECT ?::regclass::oid", db.q("t"));
            RewriteListener corrupt = new RewriteListener() {
                @Override
                public void phaseStarted(String table, Phase phase) {
                    if (phase == Phase.VERIFY) {
                        exec(db, "UPDATE " + shadow + " SET v = 'corrupt' WHERE id = 60001",
                                "DELETE FROM " + shadow + " WHERE id = 60002",
                                "INSERT INTO " + shadow + " (id, v) VALUES (60003, 'bogus')");
                    }
                }
            };
            VerificationException e = catchThrowableOfType(() -> Recast.builder(db.dataSource()).listener(corrupt)
                    .build().repack(db.q("t"), RewriteOptions.builder().verify(true).build()), VerificationException.class);
            assertThat(e).isNotNull();
            assertThat(e.kind()).isEqualTo(ErrorKind.VERIFY_FAILED);
            assertThat(e.differences()).containsExactly("id=60001: differs", "id=60002: only in source",
                    "id=60003: only in shadow");
            assertThat(e.getMessage()).contains("id=60001: differs, id=60002: only in source, id=60003: only in shadow")
                    .contains("in one snapshot").contains("is untouched").contains("shadow is removed");
            assertThat(db.relfilenode(db.q("t"))).isEqualTo(filenode);
            assertThat(db.checksum(db.q("t"))).isEqualTo(before);
            assertThat(db.artifacts()).isEmpty();
        }
    }

    /**
     * A row changed right before the pass is in the log at its snapshot, so the pass leaves it out;
     * its shadow row, corrupted after its replay (the catch-up empties the log: cut-over backlog 0,
     * so the drain does not copy the row again), is caught under the cut-over lock.
     */
    @ParameterizedTest(name = "FOR ALL TABLES publication {0}")
    @ValueSource(booleans = {false, true})
    void aCorruptedReplayedRowIsCaughtUnderTheLock(boolean allTables) throws Exception {
        try (Db db = new Db(); AutoCloseable pub = allTables ? allTablesPublication(db) : () -> { }) {
            createTable(db, "t");
            long filenode = db.relfilenode(db.q("t"));
            String shadow = "recast.shadow_" + db.queryLong("SELECT ?::regclass::oid", db.q("t"));
            AtomicReference<String> after = new AtomicReference<>();
            RewriteListener corrupt = new RewriteListener() {
                @Override
                public void phaseStarted(String table, Phase phase) {
                    if (phase == Phase.VERIFY) {
                        exec(db, "UPDATE " + db.q("t") + " SET v = 'changed' WHERE id = 70001");
                        try {
                            after.set(db.checksum(db.q("t")));
                        } catch (SQLException e) {
                            throw new IllegalStateException(e);
                        }
                    } else if (phase == Phase.CUT_OVER) {
                        exec(db, "UPDATE " + shadow + " SET v = 'corrupt' WHERE id = 70001");
                    }
                }
            };
            VerificationException e = catchThrowableOfType(() -> Recast.builder(db.dataSource()).listener(corrupt)
                    .build().repack(db.q("t"), RewriteOptions.builder().cutOverBacklog(0).verify(true).build()),
                    VerificationException.class);
            assertThat(e).isNotNull();
            assertThat(e.differences()).containsExactly("id=70001: differs");
            assertThat(e.getMessage()).contains("under the cut-over lock").contains("is untouched");
            assertThat(db.relfilenode(db.q("t"))).isEqualTo(filenode);
            assertThat(db.checksum(db.q("t"))).isEqualTo(after.get());
            assertThat(db.queryString("SELECT v FROM t WHERE id = 70001")).isEqualTo("changed");
            assertThat(db.artifacts()).isEmpty();
        }
    }

    /**
     * A row changed while the pass runs (after its snapshot, so the pass compares its old version)
     * is replayed by the catch-up, which hands its key over; its shadow row, corrupted after that
     * replay, is caught under the cut-over lock. To change the row after the snapshot for certain, a
     * session holds a lock on the shadow that stops the pass's first read of it (the snapshot is
     * taken by the read of the log before), and lets go once the change is committed.
     */
    @Test
    void aCorruptedRowChangedAfterTheSnapshotIsCaughtUnderTheLock() throws Exception {
        try (Db db = new Db(); Connection holder = db.dataSource().getConnection()) {
            createTable(db, "t");
            String shadow = "recast.shadow_" + db.queryLong("SELECT ?::regclass::oid", db.q("t"));
            AtomicReference<Throwable> failed = new AtomicReference<>();
            Thread writer = new Thread(() -> {
                try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
                    for (long until = System.nanoTime() + 30_000_000_000L; System.nanoTime() < until; ) {
                        try (var rs = st.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE datname = "
                                + "current_database() AND application_name = 'recast: worker' "
                                + "AND wait_event_type = 'Lock' AND query LIKE 'SELECT a.n, a.h::text%'")) {
                            rs.next();
                            if (rs.getLong(1) > 0) {
                                if (st.executeUpdate("UPDATE " + db.q("t") + " SET v = 'changed' WHERE id = 80002") != 1) {
                                    throw new IllegalStateException("row 80002 is missing");
                                }
                                return;
                            }
                        }
                        Thread.sleep(2);
                    }
                    throw new IllegalStateException("the verify pass was never seen waiting for the shadow");
                } catch (Exception e) {
                    failed.set(e);
                } finally {
                    try {
                        holder.commit();
                    } catch (SQLException e) {
                        failed.compareAndSet(null, e);
                    }
                }
            }, "verify-it-writer");
            RewriteListener corrupt = new RewriteListener() {
                @Override
                public void phaseStarted(String table, Phase phase) {
                    try {
                        if (phase == Phase.VERIFY) {
                            holder.setAutoCommit(false);
                            holder.createStatement().execute("LOCK TABLE " + shadow + " IN ACCESS EXCLUSIVE MODE");
                            writer.start();
                        } else if (phase == Phase.CUT_OVER) {
                            writer.join();
                            exec(db, "UPDATE " + shadow + " SET v = 'corrupt' WHERE id = 80002");
                        }
                    } catch (SQLException | InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                }
            };
            VerificationException e = catchThrowableOfType(() -> Recast.builder(db.dataSource()).listener(corrupt)
                    .build().repack(db.q("t"), RewriteOptions.builder().cutOverBacklog(0).verify(true).build()),
                    VerificationException.class);
            writer.join();
            assertThat(failed.get()).isNull();
            assertThat(e).isNotNull();
            assertThat(e.differences()).containsExactly("id=80002: differs");
            assertThat(e.getMessage()).contains("under the cut-over lock");
            assertThat(db.queryString("SELECT v FROM t WHERE id = 80002")).isEqualTo("changed");
            assertThat(db.artifacts()).isEmpty();
        }
    }

    /**
     * More rows changed than the cut-over should compare under its lock: after the catch-up they are
     * compared again in a fresh snapshot, which catches a shadow row corrupted after its replay.
     */
    @Test
    void aCorruptedRowIsCaughtWhenTheChangedRowsAreComparedAgain() throws Exception {
        try (Db db = new Db()) {
            createTable(db, "t");
            long oid = db.queryLong("SELECT ?::regclass::oid", db.q("t"));
            AtomicReference<String> corrupted = new AtomicReference<>();
            AtomicReference<Phase> current = new AtomicReference<>();
            RewriteListener corrupt = new RewriteListener() {
                @Override
                public void phaseStarted(String table, Phase phase) {
                    current.set(phase);
                    if (phase == Phase.VERIFY) {
                        // in the log at the pass's snapshot: the pass leaves these 2,067 rows out
                        exec(db, "UPDATE " + db.q("t") + " SET v = v || 'x' WHERE id BETWEEN 10000 AND 13100");
                    }
                }

                @Override
                public void batchReplayed(String table, long rows) {
                    if (current.get() != Phase.VERIFY || corrupted.get() != null) {
                        return;
                    }
                    try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
                        // a row this catch-up has replayed (its key is out of the log) and that nothing changes again
                        try (var rs = st.executeQuery("SELECT min(id) FROM " + db.q("t") + " WHERE id BETWEEN 10000 "
                                + "AND 13100 AND id NOT IN (SELECT k1 FROM recast.log_" + oid + ")")) {
                            rs.next();
                            corrupted.set(rs.getString(1));
                        }
                        st.execute("UPDATE recast.shadow_" + oid + " SET v = 'corrupt' WHERE id = " + corrupted.get());
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                }
            };
            VerificationException e = catchThrowableOfType(() -> Recast.builder(db.dataSource()).listener(corrupt)
                    .build().repack(db.q("t"), RewriteOptions.builder().replayRows(700).cutOverBacklog(0).verify(true)
                            .build()), VerificationException.class);
            assertThat(corrupted.get()).isNotNull();
            assertThat(e).isNotNull();
            assertThat(e.differences()).containsExactly("id=" + corrupted.get() + ": differs");
            assertThat(e.getMessage()).contains("in one snapshot of both");
            assertThat(db.artifacts()).isEmpty();
        }
    }

    /**
     * Cancelling while the pass waits inside a statement (a session holds a lock on the shadow) stops
     * that statement at once: the run aborts, the table untouched and nothing left.
     */
    @Test
    void cancelDuringThePassStopsItsStatement() throws Exception {
        try (Db db = new Db(); Connection holder = db.dataSource().getConnection()) {
            createTable(db, "t");
            long filenode = db.relfilenode(db.q("t"));
            String shadow = "recast.shadow_" + db.queryLong("SELECT ?::regclass::oid", db.q("t"));
            AtomicReference<Recast> rewriter = new AtomicReference<>();
            AtomicReference<Throwable> failed = new AtomicReference<>();
            Thread canceller = new Thread(() -> {
                try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
                    for (long until = System.nanoTime() + 30_000_000_000L; System.nanoTime() < until; ) {
                        try (var rs = st.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE datname = "
                                + "current_database() AND application_name = 'recast: worker' "
                                + "AND wait_event_type = 'Lock' AND query LIKE 'SELECT a.n, a.h::text%'")) {
                            rs.next();
                            if (rs.getLong(1) > 0) {
                                rewriter.get().cancel("the test stops the verify pass");
                                awaitNotWaiting(st);
                                return;
                            }
                        }
                        Thread.sleep(2);
                    }
                    throw new IllegalStateException("the verify pass was never seen waiting for the shadow");
                } catch (Exception e) {
                    failed.set(e);
                } finally {
                    try {
                        holder.commit();    // the cleanup after the abort drops the shadow
                    } catch (SQLException e) {
                        failed.compareAndSet(null, e);
                    }
                }
            }, "verify-it-cancel");
            rewriter.set(Recast.builder(db.dataSource()).listener(new RewriteListener() {
                @Override
                public void phaseStarted(String table, Phase phase) {
                    if (phase == Phase.VERIFY) {
                        try {
                            holder.setAutoCommit(false);
                            holder.createStatement().execute("LOCK TABLE " + shadow + " IN ACCESS EXCLUSIVE MODE");
                        } catch (SQLException e) {
                            throw new IllegalStateException(e);
                        }
                        canceller.start();
                    }
                }
            }).build());
            AbortedException e = catchThrowableOfType(() -> rewriter.get().repack(db.q("t"), RewriteOptions.builder().verify(true).build()), AbortedException.class);
            canceller.join();
            assertThat(failed.get()).isNull();
            assertThat(e).isNotNull();
            assertThat(e.getMessage()).contains("the test stops the verify pass").contains("during verify");
            assertThat(db.relfilenode(db.q("t"))).isEqualTo(filenode);
            assertThat(db.artifacts()).isEmpty();
        }
    }

    /** Waits until no statement of the worker waits for a lock: the cancel stopped it while the lock is still held. */
    private static void awaitNotWaiting(Statement st) throws SQLException, InterruptedException {
        for (long until = System.nanoTime() + 5_000_000_000L; System.nanoTime() < until; ) {
            try (var rs = st.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                    + "AND application_name = 'recast: worker' AND wait_event_type = 'Lock'")) {
                rs.next();
                if (rs.getLong(1) == 0) {
                    return;
                }
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException("the cancel did not stop the statement waiting for the shadow");
    }

    /** Without corruption the same table (with a generated column, which the copy does not write) passes. */
    @Test
    void anUntouchedShadowPasses() throws Exception {
        try (Db db = new Db()) {
            createTable(db, "t");
            String before = db.checksum(db.q("t"));
            RewriteResult r = Recast.builder(db.dataSource()).build()
                    .repack(db.q("t"), RewriteOptions.builder().verify(true).build());
            assertThat(r.phaseDurations()).containsKey(Phase.VERIFY);
            assertThat(db.checksum(db.q("t"))).isEqualTo(before);
            assertThat(db.artifacts()).isEmpty();
        }
    }

    private static void createTable(Db db, String name) throws SQLException {
        db.exec("CREATE TABLE " + name + " (id bigint PRIMARY KEY, v text NOT NULL, "
                + "len int GENERATED ALWAYS AS (length(v)) STORED)");
        db.fill(name, ROWS);
        db.exec("DELETE FROM " + name + " WHERE id % 3 = 0");
    }

    private static void createPair(Db db) throws SQLException {
        for (String t : new String[] {"t", "t_twin"}) {
            db.exec("CREATE TABLE " + t + " (id bigint PRIMARY KEY, v text NOT NULL, n int DEFAULT 7, "
                    + "created timestamptz NOT NULL DEFAULT '2020-01-01')");
            db.fill(t, ROWS);
            db.exec("DELETE FROM " + t + " WHERE id % 3 = 0");
        }
    }

    /**
     * A FOR ALL TABLES publication, dropped on close: with one, the swap applies the last changes after
     * the rename, and the verification compares them there.
     */
    private static AutoCloseable allTablesPublication(Db db) throws SQLException {
        String name = "all_" + db.schema();
        db.exec("CREATE PUBLICATION " + name + " FOR ALL TABLES");
        return () -> db.exec("DROP PUBLICATION " + name);
    }

    /** Runs statements on a connection of its own (the listener runs inside the job). */
    private static void exec(Db db, String... statements) {
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            for (String s : statements) {
                st.execute(s);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
