package io.recast.engine.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.recast.engine.api.DatabaseException;
import io.recast.engine.api.DdlStep;
import io.recast.engine.api.MigrateOptions;
import io.recast.engine.api.MigrationListener;
import io.recast.engine.api.MigrationResult;
import io.recast.engine.api.NotEligibleException;
import io.recast.engine.api.PlannedStatement;
import io.recast.engine.internal.ddl.DdlMigrations;
import io.recast.engine.internal.runtime.Cancellation;
import io.recast.engine.testkit.CatalogDump;
import io.recast.engine.testkit.Db;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** {@code recast migrate} against the real server: each strategy, retries, and stopping at the first failure. */
class DdlMigrateIT {
    private static final String SETUP = """
            CREATE TABLE r (id int PRIMARY KEY);
            INSERT INTO r SELECT g FROM generate_series(1, 10) g;
            CREATE TABLE t (id int PRIMARY KEY, a int, v10 varchar(10), ref_id int, dup int);
            CREATE INDEX t_a_idx ON t (a);
            INSERT INTO t SELECT g, g, 'x', 1 + g % 10, g % 3 FROM generate_series(1, 2000) g
            """;
    private static final String MIGRATION = """
            ALTER TABLE %1$s.t ADD COLUMN note text DEFAULT 'n';
            ALTER TABLE %1$s.t ADD FOREIGN KEY (ref_id) REFERENCES %1$s.r (id);
            ALTER TABLE %1$s.t ADD CHECK (a > 0);
            ALTER TABLE %1$s.t ADD CONSTRAINT a_small CHECK (a < 100000) NOT VALID;
            ALTER TABLE %1$s.t ALTER COLUMN a SET NOT NULL;
            CREATE INDEX ON %1$s.t (v10);
            CREATE UNIQUE INDEX t_id_a ON %1$s.t (id, a);
            REINDEX INDEX %1$s.t_a_idx;
            ALTER TABLE %1$s.t ALTER COLUMN v10 TYPE varchar(20);
            COMMENT ON COLUMN %1$s.t.a IS 'the a';
            DROP INDEX %1$s.t_id_a;
            """;

    private static final MigrateOptions FAST = MigrateOptions.builder().lockTimeout(Duration.ofMillis(50)).maxAttempts(50).build();

    private static void setup(Db db) throws SQLException {
        for (String s : SETUP.split(";\n")) {
            db.exec(s);
        }
    }

    @Test
    void everyStrategyEndsAsThePlainStatementsWould() throws Exception {
        try (Db plain = new Db(); Db migrated = new Db()) {
            setup(plain);
            setup(migrated);
            for (String s : String.format(MIGRATION, plain.schema()).split(";\n")) {
                plain.exec(s);
            }
            List<String> steps = new CopyOnWriteArrayList<>();
            MigrationResult r = new DdlMigrations(migrated.dataSource(), new Cancellation()).migrate(String.format(MIGRATION, migrated.schema()),
                    FAST, new MigrationListener() {
                        @Override
                        public void stepStarted(PlannedStatement p, int step, DdlStep s, int attempt) {
                            steps.add(s.sql());
                        }
                    }, null);
            assertThat(r.succeeded()).as(String.valueOf(r.failure())).isTrue();
            assertThat(r.applied()).hasSize(11);
            String m = migrated.schema();
            assertThat(steps).contains(
                    "ALTER TABLE \"" + m + "\".\"t\" ADD CONSTRAINT \"t_ref_id_fkey\" FOREIGN KEY (ref_id) REFERENCES "
                            + m + ".r (id) NOT VALID",
                    "ALTER TABLE \"" + m + "\".\"t\" VALIDATE CONSTRAINT \"t_ref_id_fkey\"",
                    "ALTER TABLE \"" + m + "\".\"t\" ADD CONSTRAINT \"t_a_check\" CHECK (a > 0) NOT VALID",
                    "ALTER TABLE \"" + m + "\".\"t\" ADD CONSTRAINT \"t_a_recast_nn\" CHECK (a IS NOT NULL) NOT VALID",
                    "ALTER TABLE \"" + m + "\".\"t\" ALTER COLUMN a SET NOT NULL",
                    "CREATE INDEX CONCURRENTLY ON " + m + ".t (v10)",
                    "REINDEX INDEX CONCURRENTLY " + m + ".t_a_idx",
                    "DROP INDEX CONCURRENTLY " + m + ".t_id_a");
            // the same constraints (names, definitions, validated), NOT NULL, indexes (valid), types and comments
            assertThat(CatalogDump.schema(migrated, m).replace(m, "S"))
                    .isEqualTo(CatalogDump.schema(plain, plain.schema()).replace(plain.schema(), "S"));
            assertThat(migrated.queryLong("SELECT count(*) FROM pg_index WHERE NOT indisvalid")).isZero();
        }
    }

    @Test
    void aFailedConcurrentBuildLeavesNoInvalidIndexAndStopsTheRun() throws Exception {
        try (Db db = new Db()) {
            setup(db);
            String file = String.format("""
                    ALTER TABLE %1$s.t ADD COLUMN b int;
                    CREATE UNIQUE INDEX t_dup ON %1$s.t (dup);
                    ALTER TABLE %1$s.t ADD COLUMN c int;
                    """, db.schema());
            List<String> warnings = new CopyOnWriteArrayList<>();
            MigrationResult r = new DdlMigrations(db.dataSource(), new Cancellation()).migrate(file, FAST, new MigrationListener() {
                @Override
                public void warning(PlannedStatement p, String message) {
                    warnings.add(message);
                }
            }, null);
            assertThat(r.succeeded()).isFalse();
            assertThat(r.failure()).isInstanceOf(DatabaseException.class);
            assertThat(((DatabaseException) r.failure()).sqlState()).isEqualTo("23505");
            assertThat(r.applied()).extracting(p -> p.source().number()).containsExactly(1);
            assertThat(r.failed().source().number()).isEqualTo(2);
            assertThat(r.outcomes().get(2).status()).isEqualTo(MigrationResult.Status.NOT_RUN);
            assertThat(r.stateLeft()).isEqualTo("nothing of statement 2 (line 2) is in place");
            assertThat(warnings).containsExactly("dropped the INVALID index " + db.schema() + ".t_dup the failed build left");
            assertThat(db.queryLong("SELECT count(*) FROM pg_class WHERE relname = 't_dup'")).isZero();
            assertThat(db.queryList("SELECT attname FROM pg_attribute WHERE attrelid = 't'::regclass AND attnum > 0"))
                    .contains("b").doesNotContain("c");
        }
    }

    @Test
    void aConcurrentBuildThatTimesOutIsDroppedAndRetriedUntilTheBlockerCommits() throws Exception {
        try (Db db = new Db(); Connection blocker = db.dataSource().getConnection()) {
            setup(db);
            blocker.setAutoCommit(false);
            blocker.createStatement().execute("UPDATE " + db.q("t") + " SET a = a WHERE id = 1");
            List<String> events = new CopyOnWriteArrayList<>();
            MigrationResult r = new DdlMigrations(db.dataSource(), new Cancellation()).migrate("CREATE INDEX t_v ON " + db.q("t") + " (v10)",
                    MigrateOptions.builder().lockTimeout(Duration.ofMillis(50)).maxAttempts(10)
                            .indexLockTimeout(Duration.ofMillis(100)).build(), new MigrationListener() {
                        @Override
                        public void warning(PlannedStatement p, String message) {
                            events.add(message);
                        }

                        @Override
                        public void retrying(PlannedStatement p, int step, DdlStep s, int attempt, String why, Duration b) {
                            events.add("retry " + attempt);
                            commit(blocker);    // only after a refusal: the test cannot pass by timing
                        }
                    }, null);
            assertThat(r.succeeded()).as(String.valueOf(r.failure())).isTrue();
            // the build timed out behind the writer, left its index INVALID, which was dropped before the retry
            assertThat(events).startsWith("retry 1", "dropped the INVALID index " + db.schema() + ".t_v the failed "
                    + "build left");
            assertThat(db.queryString("SELECT indisvalid::text FROM pg_index WHERE indexrelid = ?::regclass", db.q("t_v")))
                    .isEqualTo("true");
            assertThat(db.queryLong("SELECT count(*) FROM pg_index WHERE NOT indisvalid")).isZero();
        }
    }

    @Test
    void aShortLockStepRetriesWhileAnotherSessionHoldsTheTable() throws Exception {
        try (Db db = new Db(); Connection blocker = db.dataSource().getConnection()) {
            setup(db);
            blocker.setAutoCommit(false);
            blocker.createStatement().execute("SELECT count(*) FROM " + db.q("t"));    // ACCESS SHARE until commit
            List<Integer> retries = new CopyOnWriteArrayList<>();
            MigrationResult r = new DdlMigrations(db.dataSource(), new Cancellation()).migrate("ALTER TABLE " + db.q("t") + " ADD COLUMN b int",
                    FAST, new MigrationListener() {
                        @Override
                        public void retrying(PlannedStatement p, int step, DdlStep s, int attempt, String why, Duration b) {
                            retries.add(attempt);
                            assertThat(why).contains("lock timeout");
                            if (attempt == 2) {
                                commit(blocker);
                            }
                        }
                    }, null);
            assertThat(r.succeeded()).as(String.valueOf(r.failure())).isTrue();
            assertThat(retries).containsExactly(1, 2);
            assertThat(db.queryLong("SELECT count(*) FROM pg_attribute WHERE attrelid = 't'::regclass AND attname = 'b'"))
                    .isEqualTo(1);
        }
    }

    @Test
    void aFailedValidationStopsTheRunAndReportsTheNotValidConstraintLeft() throws Exception {
        try (Db db = new Db()) {
            setup(db);
            String file = String.format("""
                    ALTER TABLE %1$s.t ADD COLUMN b int;

                    -- fails: a is positive
                    ALTER TABLE %1$s.t ADD CONSTRAINT neg CHECK (a < 0);
                    ALTER TABLE %1$s.t ADD COLUMN c int;
                    """, db.schema());
            MigrationResult r = new DdlMigrations(db.dataSource(), new Cancellation()).migrate(file, FAST, null, null);
            assertThat(r.failure()).isInstanceOf(DatabaseException.class).hasMessageContaining("statement 2 (line 4), step 2")
                    .hasMessageContaining("[SQLSTATE 23514]");
            assertThat(r.applied()).extracting(p -> p.source().number()).containsExactly(1);
            assertThat(r.outcomes().get(1).stepsDone()).isEqualTo(1);
            assertThat(r.stateLeft()).startsWith("constraint \"neg\" is in place NOT VALID")
                    .contains("DROP CONSTRAINT \"neg\"");
            assertThat(db.queryString("SELECT convalidated::text FROM pg_constraint WHERE conname = 'neg'")).isEqualTo("false");
            assertThat(db.queryLong("SELECT count(*) FROM pg_attribute WHERE attrelid = 't'::regclass AND attname = 'c'"))
                    .isZero();
        }
    }

    @Test
    void aRewriteWithoutTheShadowEngineRefusesBeforeRunningAnything() throws Exception {
        try (Db db = new Db()) {
            setup(db);
            String file = String.format("""
                    ALTER TABLE %1$s.t ADD COLUMN b int;
                    ALTER TABLE %1$s.t ALTER COLUMN a TYPE bigint;
                    """, db.schema());
            NotEligibleException e = catchThrowableOfType(() -> new DdlMigrations(db.dataSource(), new Cancellation())
                    .migrate(file, FAST, null, null), NotEligibleException.class);
            assertThat(e).hasMessageContaining("statement 2 (line 2) needs a rewrite of \"" + db.schema() + "\".\"t\"")
                    .hasMessageContaining("recast alter").hasMessageEndingWith("nothing was run");
            assertThat(db.queryLong("SELECT count(*) FROM pg_attribute WHERE attrelid = 't'::regclass AND attname = 'b'"))
                    .isZero();
        }
    }

    @Test
    void aRewriteIsHandedToTheRunnerWithTheTableAndItsSubCommands() throws Exception {
        try (Db db = new Db()) {
            setup(db);
            List<Object> calls = new CopyOnWriteArrayList<>();
            // the runner only records its call: the shadow engine itself is recast alter's, tested there
            MigrationResult r = new DdlMigrations(db.dataSource(), new Cancellation()).migrate("ALTER TABLE " + db.q("t")
                    + " ALTER COLUMN a TYPE bigint, ADD COLUMN b int", FAST, null, (table, subs) -> {
                        calls.add(table);
                        calls.add(subs);
                        return null;
                    });
            assertThat(r.succeeded()).isTrue();
            assertThat(calls).containsExactly("\"" + db.schema() + "\".\"t\"", List.of("ALTER COLUMN a TYPE bigint",
                    "ADD COLUMN b int"));
        }
    }

    private static void commit(Connection c) {
        try {
            if (!c.getAutoCommit()) {
                c.commit();
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
