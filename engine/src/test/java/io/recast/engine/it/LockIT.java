package io.recast.engine.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.recast.engine.Recast;
import io.recast.engine.api.LockTimeoutException;
import io.recast.engine.api.Phase;
import io.recast.engine.api.RewriteListener;
import io.recast.engine.api.RewriteOptions;
import io.recast.engine.api.RewriteResult;
import io.recast.engine.testkit.Db;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** Short lock_timeouts with retries: we never queue for long, and we give up cleanly. */
class LockIT {

    @Test
    void triggerInstallationRetriesUntilAWriterCommits() throws Exception {
        try (Db db = new Db(); Connection writer = db.dataSource().getConnection()) {
            db.exec("CREATE TABLE t (id int PRIMARY KEY, v text)");
            db.fill("t", 1000);
            writer.setAutoCommit(false);
            writer.createStatement().execute("UPDATE " + db.q("t") + " SET v = 'held' WHERE id = 1");
            List<String> warnings = new CopyOnWriteArrayList<>();
            // the writer commits only once the installation has been refused: the test cannot pass by timing
            Recast.builder(db.dataSource()).listener(new RewriteListener() {
                @Override
                public void warning(String table, String message) {
                    if (message.startsWith("pre-flight check, ")) {
                        return;     // the pre-flight names the writer idle in its transaction: not the refusal
                    }
                    warnings.add(message);
                    try {
                        if (!writer.getAutoCommit()) {
                            writer.commit();
                            writer.setAutoCommit(true);
                        }
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }).build().repack(db.q("t"), RewriteOptions.builder().lockTimeout(Duration.ofMillis(50)).maxAttempts(50).build());
            assertThat(warnings).isNotEmpty().allMatch(w -> w.contains("install change-log trigger"));
            assertThat(db.queryString("SELECT v FROM t WHERE id = 1")).isEqualTo("held");
            assertThat(db.artifacts()).isEmpty();
        }
    }

    @Test
    void cutOverGivesUpCleanlyAndNamesTheBlocker() throws Exception {
        try (Db db = new Db(); Connection blocker = db.dataSource().getConnection()) {
            db.exec("CREATE TABLE t (id int PRIMARY KEY, v text)");
            db.fill("t", 2000);
            String before = db.checksum(db.q("t"));
            long filenode = db.relfilenode(db.q("t"));
            long pid = db.queryLong("SELECT 0");
            try (var rs = blocker.createStatement().executeQuery("SELECT pg_backend_pid()")) {
                rs.next();
                pid = rs.getLong(1);
            }
            CountDownLatch catchUp = new CountDownLatch(1);
            Thread hold = new Thread(() -> {
                try {
                    catchUp.await();
                    blocker.setAutoCommit(false);
                    blocker.createStatement().execute("SELECT count(*) FROM " + db.q("t"));  // ACCESS SHARE, held
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            hold.start();
            Thread release = new Thread(() -> {
                try {
                    blocker.rollback();
                } catch (Exception ex) {
                    throw new IllegalStateException(ex);
                }
            });
            LockTimeoutException e = catchThrowableOfType(LockTimeoutException.class, () ->
                    Recast.builder(db.dataSource()).listener(new RewriteListener() {
                        @Override
                        public void warning(String table, String message) {
                            // the blocker lets go only after the last cut-over attempt, when cleanup
                            // cannot drop the trigger either
                            if (message.startsWith("drop trigger") && message.contains("attempt 1,")) {
                                release.start();
                            }
                        }

                        @Override
                        public void phaseStarted(String table, Phase phase) {
                            if (phase == Phase.CATCH_UP) {
                                catchUp.countDown();
                                try {
                                    hold.join();
                                } catch (InterruptedException ex) {
                                    Thread.currentThread().interrupt();
                                }
                            }
                        }
                    }).build().repack(db.q("t"), RewriteOptions.builder().lockTimeout(Duration.ofMillis(30))
                            .maxAttempts(3).oldSnapshotWait(Duration.ZERO).dropTimeout(Duration.ofSeconds(1)).build()));
            release.join();
            assertThat(e).isNotNull();
            assertThat(e.attempts()).isEqualTo(3);
            assertThat(e.getMessage()).contains("gave up after 3 attempts").contains("table is unchanged")
                    .contains("pid " + pid + " holds AccessShareLock");
            assertThat(db.relfilenode(db.q("t"))).isEqualTo(filenode);
            assertThat(db.checksum(db.q("t"))).isEqualTo(before);
            assertThat(db.artifacts()).isEmpty();
            RewriteResult r = Recast.builder(db.dataSource()).build().repack(db.q("t"), RewriteOptions.builder().build());
            assertThat(r.cutOverAttempts()).isEqualTo(1);
            assertThat(r.lockHold()).isLessThan(Duration.ofSeconds(2));
        }
    }
}
