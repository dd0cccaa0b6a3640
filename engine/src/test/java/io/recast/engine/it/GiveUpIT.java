package io.recast.engine.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.recast.engine.Recast;
import io.recast.engine.api.LockTimeoutException;
import io.recast.engine.api.NotEligibleException;
import io.recast.engine.api.RewriteOptions;
import io.recast.engine.testkit.Db;
import java.sql.Connection;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A run that gives up while a session holds the table (issue 13's first case): its clean-up cannot
 * drop the triggers within its drop timeout, so it disarms them and leaves its job row for a later
 * clean-up, naming the session that held them up there (recast status shows it). What it leaves must
 * say what to do, and that must work: recast resume cannot go on (the change log is gone) and says
 * so, naming recast cleanup, as a new repack does; the clean-up then removes everything once the
 * session lets go. A session that lets go while the drops still retry leaves nothing at all.
 */
class GiveUpIT {

    @Test
    void whatAGiveUpLeftPointsToTheCleanupThatRemovesIt() throws Exception {
        try (Db db = new Db(); Connection holder = db.dataSource().getConnection()) {
            db.exec("CREATE TABLE t (id bigint PRIMARY KEY, v text)");
            db.fill("t", 5_000);
            String before = db.checksum("t");
            RewriteOptions impatient = RewriteOptions.builder().lockTimeout(Duration.ofMillis(100)).maxAttempts(3)
                    .oldSnapshotWait(Duration.ZERO).dropTimeout(Duration.ofSeconds(1)).build();
            int holderPid = holder.unwrap(org.postgresql.PGConnection.class).getBackendPID();
            Recast recast = Recast.builder(db.dataSource()).listener(new io.recast.engine.api.RewriteListener() {
                @Override
                public void phaseStarted(String table, io.recast.engine.api.Phase phase) {
                    holdAtCatchUp(phase, db, holder);
                }
            }).build();
            LockTimeoutException gaveUp = catchThrowableOfType(() -> recast.repack(db.q("t"), impatient),
                    LockTimeoutException.class);
            assertThat(gaveUp).as("gave up").isNotNull();
            assertThat(gaveUp.getMessage()).contains("recast cleanup --table");
            assertThat(db.artifacts()).as("the triggers it could not drop").anyMatch(a -> a.startsWith("trigger"));
            assertThat(gaveUp.getMessage()).as("names what held the drop up").contains("held up by pid " + holderPid);
            assertThat(Recast.builder(db.dataSource()).build().jobs()).as("status shows what is left")
                    .anyMatch(j -> !j.finishedJob() && j.outcome() != null && j.outcome().contains("Not removed yet")
                            && j.outcome().contains("pid " + holderPid));

            NotEligibleException resume = catchThrowableOfType(() -> Recast.builder(db.dataSource()).build()
                    .resume(db.q("t")), NotEligibleException.class);
            assertThat(resume).as("resume refuses").isNotNull();
            assertThat(resume.getMessage()).contains("cannot go on").contains("the change log is gone")
                    .contains("recast cleanup --table \"" + db.schema() + "\".\"t\"");
            NotEligibleException again = catchThrowableOfType(() -> Recast.builder(db.dataSource()).build()
                    .repack(db.q("t"), impatient), NotEligibleException.class);
            assertThat(again).as("a new repack refuses").isNotNull();
            assertThat(again.getMessage()).contains("cannot go on").contains("recast cleanup --table")
                    .doesNotContain("recast resume");

            holder.rollback();
            assertThat(Recast.builder(db.dataSource()).build().cleanup(db.q("t")).remaining()).isEmpty();
            assertThat(db.artifacts()).isEmpty();
            assertThat(db.checksum("t")).isEqualTo(before);
            Recast.builder(db.dataSource()).build().repack(db.q("t"));
            assertThat(db.checksum("t")).isEqualTo(before);
            assertThat(db.artifacts()).isEmpty();
        }
    }

    @Test
    void aBlockerThatLetsGoWhileTheDropsRetryLeavesNothing() throws Exception {
        try (Db db = new Db(); Connection holder = db.dataSource().getConnection()) {
            db.exec("CREATE TABLE t (id bigint PRIMARY KEY, v text)");
            db.fill("t", 5_000);
            String before = db.checksum("t");
            RewriteOptions options = RewriteOptions.builder().lockTimeout(Duration.ofMillis(100)).maxAttempts(2)
                    .oldSnapshotWait(Duration.ZERO).dropTimeout(Duration.ofSeconds(60)).build();
            java.util.concurrent.atomic.AtomicBoolean released = new java.util.concurrent.atomic.AtomicBoolean();
            Recast recast = Recast.builder(db.dataSource()).listener(new io.recast.engine.api.RewriteListener() {
                @Override
                public void phaseStarted(String table, io.recast.engine.api.Phase phase) {
                    holdAtCatchUp(phase, db, holder);
                }

                @Override
                public void warning(String table, String message) {
                    // the clean-up's first failed drop: the blocker lets go a second later, as the drops retry
                    if (message.startsWith("drop trigger") && released.compareAndSet(false, true)) {
                        new Thread(() -> {
                            try {
                                Thread.sleep(1_000);
                                holder.rollback();
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                        }).start();
                    }
                }
            }).build();
            LockTimeoutException gaveUp = catchThrowableOfType(() -> recast.repack(db.q("t"), options),
                    LockTimeoutException.class);
            assertThat(gaveUp).as("gave up").isNotNull();
            assertThat(released).as("a drop had to wait").isTrue();
            assertThat(gaveUp.getMessage()).doesNotContain("Not removed yet");
            assertThat(db.artifacts()).isEmpty();
            assertThat(db.checksum("t")).isEqualTo(before);
            assertThat(Recast.builder(db.dataSource()).build().jobs()).allMatch(j -> j.finishedJob());
        }
    }

    /** When the catch-up starts, {@code holder} opens a transaction that holds ACCESS SHARE on the table. */
    private static void holdAtCatchUp(io.recast.engine.api.Phase phase, Db db, Connection holder) {
        if (phase == io.recast.engine.api.Phase.CATCH_UP) {
            try {
                holder.setAutoCommit(false);
                holder.createStatement().execute("SELECT count(*) FROM " + db.q("t"));
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
