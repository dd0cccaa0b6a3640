package io.recast.engine.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recast.engine.Recast;
import io.recast.engine.api.AbortedException;
import io.recast.engine.api.Alteration;
import io.recast.engine.api.BloatOptions;
import io.recast.engine.api.RelationBloat;
import io.recast.engine.api.HistoryEntry;
import io.recast.engine.api.Phase;
import io.recast.engine.api.RewriteListener;
import io.recast.engine.api.RewriteOptions;
import io.recast.engine.api.RewriteResult;
import io.recast.engine.testkit.Db;
import io.recast.engine.testkit.OwnerRole;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Every repack, alter and resume is recorded in recast_history.actions, which outlives the runs. */
class HistoryIT {

    @Test
    void repacksAltersAndFailuresAreRecordedAndOutliveTheRecastSchema() throws Exception {
        try (Db db = new Db()) {
            db.exec("CREATE TABLE t (id int PRIMARY KEY, v text)");
            db.exec("INSERT INTO t SELECT g, md5(g::text) FROM generate_series(1, 20000) g");
            db.exec("DELETE FROM t WHERE id % 2 = 0");
            Recast recast = Recast.builder(db.dataSource()).build();
            RewriteResult repacked = recast.repack(db.q("t"));
            recast.alter(db.q("t"), Alteration.of("ALTER COLUMN id TYPE bigint"), RewriteOptions.defaults());
            AtomicReference<Recast> aborting = new AtomicReference<>();
            aborting.set(Recast.builder(db.dataSource()).listener(new RewriteListener() {
                @Override
                public void phaseStarted(String table, Phase phase) {
                    if (phase == Phase.INDEX) {
                        aborting.get().cancel("stopped in the index phase");
                    }
                }
            }).build());
            assertThatThrownBy(() -> aborting.get().repack(db.q("t"))).isInstanceOf(AbortedException.class);

            List<HistoryEntry> mine = recast.history(db.schema() + ".t", Duration.ofHours(1));
            assertThat(mine).extracting(HistoryEntry::action).containsExactly("repack", "alter", "repack");
            HistoryEntry failed = mine.get(0);
            HistoryEntry first = mine.get(2);
            assertThat(failed.outcome()).isEqualTo("aborted");
            assertThat(failed.error()).contains("stopped in the index phase");
            assertThat(failed.finishedAt()).isNotNull();
            assertThat(failed.sizeAfter()).isEqualTo(-1);
            assertThat(first.outcome()).isEqualTo("done");
            assertThat(first.table()).isEqualTo(db.schema() + ".t");
            assertThat(first.sizeBefore()).isEqualTo(repacked.sizeBefore());
            assertThat(first.sizeAfter()).isEqualTo(repacked.sizeAfter()).isLessThan(first.sizeBefore());
            assertThat(first.lockHold()).isEqualTo(Duration.ofMillis(repacked.lockHold().toMillis()));
            assertThat(first.startedAt()).isBefore(first.finishedAt());
            assertThat(first.maintainRun()).isNull();
            assertThat(mine.get(1).outcome()).isEqualTo("done");

            assertThat(db.queryValue("SELECT to_regnamespace('recast')")).as("the run's schema went").isNull();
            assertThat(db.queryValue("SELECT to_regclass('recast_history.actions')")).as("the history stays").isNotNull();
            assertThat(recast.history("t", Duration.ofHours(1))).as("by name alone: other tests' tables t too")
                    .containsAll(mine).allMatch(e -> e.table().endsWith(".t"));
            assertThat(recast.history(db.schema() + ".nothing*", Duration.ofHours(1))).isEmpty();
            assertThat(recast.history(db.schema() + ".t", Duration.ZERO)).as("since now").isEmpty();
            RelationBloat t = recast.bloat(BloatOptions.builder().schema(db.schema()).minSizeBytes(0).build())
                    .relations().stream().filter(r -> r.name().equals("t")).findFirst().orElseThrow();
            assertThat(t.lastAction()).as("bloat shows the last action done").isEqualTo("alter");
            assertThat(t.lastActionAt()).isEqualTo(mine.get(1).finishedAt());
        }
    }

    @Test
    void aRunThatDiedStaysRunningUntilItsResumeSaysItStopped() throws Exception {
        try (Db db = new Db()) {
            db.exec("CREATE TABLE t (id int PRIMARY KEY, v text)");
            db.exec("INSERT INTO t SELECT g, md5(g::text) FROM generate_series(1, 20000) g");
            RewriteListener crash = new RewriteListener() {
                @Override
                public void phaseStarted(String table, Phase phase) {
                    if (phase == Phase.CATCH_UP) {
                        throw new Error("simulated crash");
                    }
                }
            };
            Recast recast = Recast.builder(db.dataSource()).build();
            assertThatThrownBy(() -> Recast.builder(db.dataSource()).listener(crash).build().repack(db.q("t")))
                    .isInstanceOf(Error.class);
            assertThat(recast.history(db.schema() + ".t", Duration.ofHours(1))).singleElement()
                    .satisfies(e -> assertThat(e.outcome()).isEqualTo("running"))
                    .satisfies(e -> assertThat(e.finishedAt()).isNull());
            recast.resume(db.q("t"));
            List<HistoryEntry> entries = recast.history(db.schema() + ".t", Duration.ofHours(1));
            assertThat(entries).extracting(HistoryEntry::action).containsExactly("resume", "repack");
            assertThat(entries.get(0).outcome()).isEqualTo("done");
            assertThat(entries.get(1).outcome()).isEqualTo("stopped");
            assertThat(entries.get(1).error()).isEqualTo("its process stopped; resumed by action " + entries.get(0).id());
            assertThat(db.artifacts()).isEmpty();
        }
    }

    @Test
    void aRoleThatMayNotWriteTheHistoryIsWarnedAndItsRunGoesOn() throws Exception {
        try (Db db = new Db(); OwnerRole role = OwnerRole.create(db, "recast_history_role", "pw")) {
            db.exec("CREATE TABLE t (id int PRIMARY KEY, v text)");
            db.exec("INSERT INTO t SELECT g, md5(g::text) FROM generate_series(1, 2000) g");
            role.owns("t");
            // the history exists, made by another role (a superuser), whose schema this role may not use
            db.exec("CREATE TABLE u (id int PRIMARY KEY)");
            Recast.builder(db.dataSource()).build().repack(db.q("u"));
            assertThat(db.queryValue("SELECT has_schema_privilege('recast_history_role', 'recast_history', 'USAGE')"))
                    .isEqualTo(false);
            List<String> warnings = new CopyOnWriteArrayList<>();
            RewriteListener listen = new RewriteListener() {
                @Override
                public void warning(String table, String message) {
                    warnings.add(message);
                }
            };
            RewriteResult r = Recast.builder(role.dataSource()).listener(listen).build().repack(db.q("t"));
            assertThat(r.sizeAfter()).isPositive();
            assertThat(warnings).anyMatch(w -> w.startsWith("the history could not record the repack of ")
                    && w.contains("permission denied") && w.contains("USAGE on its schema"));
            assertThat(db.artifacts()).isEmpty();
            assertThat(Recast.builder(role.dataSource()).build().history(null, Duration.ofDays(1)))
                    .as("a history it may not read is empty to it").isEmpty();
        }
    }
}
