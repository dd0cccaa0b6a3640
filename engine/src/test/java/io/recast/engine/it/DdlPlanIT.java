package io.recast.engine.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.recast.engine.api.DdlStep;
import io.recast.engine.api.LockHold;
import io.recast.engine.api.LockLevel;
import io.recast.engine.api.PlannedStatement;
import io.recast.engine.api.Strategy;
import io.recast.engine.internal.ddl.DdlMigrations;
import io.recast.engine.internal.runtime.Cancellation;
import io.recast.engine.testkit.Db;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code recast plan} statement by statement against PostgreSQL itself: each statement runs as
 * written on a real table with rows, in a transaction that is rolled back, and what it did is read
 * from the server: the strongest lock this backend holds on the table (pg_locks), whether the
 * table got a new relfilenode (rewrite), an index a new file node (index build), or the table a
 * sequential scan in this transaction (validation). The planner's declared lock must equal both
 * the level the manual documents and the one taken; its hold must equal what happened.
 *
 * <p>SET TABLESPACE is tested to the tablespace the table is in (pg_default): PostgreSQL does
 * nothing then, and the plan says metadata only. A move to another tablespace needs a tablespace
 * directory the test cannot create on every server; that it plans as a rewrite is unit-tested.
 */
class DdlPlanIT {
    private static final String SETUP = """
            CREATE TABLE r (id int PRIMARY KEY);
            INSERT INTO r SELECT g FROM generate_series(1, 10) g;
            CREATE TABLE t (id int PRIMARY KEY, a int, v10 varchar(10), v20 varchar(20), ref_id int, n int,
                            k int NOT NULL DEFAULT 0);
            CREATE INDEX t_a_idx ON t (a);
            INSERT INTO t SELECT g, g, 'x', 'y', 1 + g % 10, g FROM generate_series(1, 500) g;
            ALTER TABLE t ADD CONSTRAINT t_nv CHECK (a > 0) NOT VALID;
            CREATE UNLOGGED TABLE u (id int PRIMARY KEY);
            CREATE TABLE nk (a int NOT NULL, b int);
            INSERT INTO nk SELECT g, g FROM generate_series(1, 100) g;
            """;

    record Case(String label, String table, String sql, LockLevel documented, LockHold hold, Strategy strategy) {
        @Override
        public String toString() {
            return label;
        }
    }

    static Stream<Case> cases() {
        LockLevel ae = LockLevel.ACCESS_EXCLUSIVE;
        LockLevel sue = LockLevel.SHARE_UPDATE_EXCLUSIVE;
        return Stream.of(
                new Case("ADD COLUMN nullable", "t", "ALTER TABLE %s.t ADD COLUMN c int", ae, LockHold.METADATA, Strategy.DIRECT),
                new Case("ADD COLUMN constant default", "t", "ALTER TABLE %s.t ADD COLUMN c int DEFAULT 7", ae,
                        LockHold.METADATA, Strategy.DIRECT),
                new Case("ADD COLUMN DEFAULT clock_timestamp()", "t",
                        "ALTER TABLE %s.t ADD COLUMN c timestamptz DEFAULT clock_timestamp()", ae, LockHold.REWRITE,
                        Strategy.REWRITE),
                new Case("ADD COLUMN DEFAULT random()", "t", "ALTER TABLE %s.t ADD COLUMN c float8 DEFAULT random()", ae,
                        LockHold.REWRITE, Strategy.REWRITE),
                new Case("DROP COLUMN", "t", "ALTER TABLE %s.t DROP COLUMN n", ae, LockHold.METADATA, Strategy.DIRECT),
                new Case("int -> bigint", "t", "ALTER TABLE %s.t ALTER COLUMN a TYPE bigint", ae, LockHold.REWRITE,
                        Strategy.REWRITE),
                new Case("varchar(10) -> varchar(20)", "t", "ALTER TABLE %s.t ALTER COLUMN v10 TYPE varchar(20)", ae,
                        LockHold.METADATA, Strategy.DIRECT),
                new Case("varchar(10) -> text", "t", "ALTER TABLE %s.t ALTER COLUMN v10 TYPE text", ae, LockHold.METADATA,
                        Strategy.DIRECT),
                new Case("varchar(20) -> varchar(10)", "t", "ALTER TABLE %s.t ALTER COLUMN v20 TYPE varchar(10)", ae,
                        LockHold.REWRITE, Strategy.REWRITE),
                new Case("RENAME COLUMN", "t", "ALTER TABLE %s.t RENAME COLUMN a TO b", ae, LockHold.METADATA, Strategy.DIRECT),
                new Case("RENAME TABLE", "t", "ALTER TABLE %s.t RENAME TO t2", ae, LockHold.METADATA, Strategy.DIRECT),
                new Case("COMMENT ON COLUMN", "t", "COMMENT ON COLUMN %s.t.a IS 'the a'", sue, LockHold.METADATA,
                        Strategy.DIRECT),
                new Case("SET DEFAULT", "t", "ALTER TABLE %s.t ALTER COLUMN a SET DEFAULT 0", ae, LockHold.METADATA,
                        Strategy.DIRECT),
                new Case("SET STATISTICS", "t", "ALTER TABLE %s.t ALTER COLUMN a SET STATISTICS 200", sue,
                        LockHold.METADATA, Strategy.DIRECT),
                new Case("CREATE INDEX", "t", "CREATE INDEX ON %s.t (v10)", LockLevel.SHARE, LockHold.INDEX_BUILD,
                        Strategy.CONCURRENT_INDEX),
                new Case("CREATE UNIQUE INDEX", "t", "CREATE UNIQUE INDEX t_id_a ON %s.t (id, a)", LockLevel.SHARE,
                        LockHold.INDEX_BUILD, Strategy.CONCURRENT_INDEX),
                new Case("REINDEX INDEX", "t", "REINDEX INDEX %s.t_a_idx", LockLevel.SHARE, LockHold.INDEX_BUILD,
                        Strategy.CONCURRENT_INDEX),
                new Case("DROP INDEX", "t", "DROP INDEX %s.t_a_idx", ae, LockHold.METADATA, Strategy.CONCURRENT_INDEX),
                new Case("ADD FOREIGN KEY", "t", "ALTER TABLE %s.t ADD FOREIGN KEY (ref_id) REFERENCES %1$s.r (id)",
                        LockLevel.SHARE_ROW_EXCLUSIVE, LockHold.SCAN, Strategy.NOT_VALID_THEN_VALIDATE),
                new Case("ADD CHECK", "t", "ALTER TABLE %s.t ADD CHECK (a > 0)", ae, LockHold.SCAN,
                        Strategy.NOT_VALID_THEN_VALIDATE),
                new Case("ADD CHECK NOT VALID", "t", "ALTER TABLE %s.t ADD CHECK (a > 0) NOT VALID", ae, LockHold.METADATA,
                        Strategy.DIRECT),
                new Case("VALIDATE CONSTRAINT", "t", "ALTER TABLE %s.t VALIDATE CONSTRAINT t_nv", sue, LockHold.SCAN,
                        Strategy.DIRECT),
                new Case("SET NOT NULL", "t", "ALTER TABLE %s.t ALTER COLUMN a SET NOT NULL", ae, LockHold.SCAN,
                        Strategy.NOT_NULL_VIA_CHECK),
                new Case("DROP NOT NULL", "t", "ALTER TABLE %s.t ALTER COLUMN k DROP NOT NULL", ae, LockHold.METADATA,
                        Strategy.DIRECT),
                new Case("SET TABLESPACE pg_default (where it is: a no-op)", "t",
                        "ALTER TABLE %s.t SET TABLESPACE pg_default", ae, LockHold.METADATA, Strategy.DIRECT),
                new Case("SET UNLOGGED", "t", "ALTER TABLE %s.t SET UNLOGGED", ae, LockHold.REWRITE, Strategy.REWRITE),
                new Case("SET LOGGED", "u", "ALTER TABLE %s.u SET LOGGED", ae, LockHold.REWRITE, Strategy.REWRITE),
                new Case("ADD PRIMARY KEY", "nk", "ALTER TABLE %s.nk ADD PRIMARY KEY (a)", ae, LockHold.INDEX_BUILD,
                        Strategy.REFUSED),
                new Case("ADD COLUMN, ADD CHECK on it", "t", "ALTER TABLE %s.t ADD COLUMN c int DEFAULT 1, ADD CHECK (c > 0)",
                        ae, LockHold.SCAN, Strategy.NOT_VALID_THEN_VALIDATE),
                new Case("ADD COLUMN, int -> bigint", "t", "ALTER TABLE %s.t ADD COLUMN c int, ALTER COLUMN a TYPE bigint",
                        ae, LockHold.REWRITE, Strategy.REWRITE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theDeclaredLockAndHoldAreWhatPostgresDoes(Case c) throws Exception {
        try (Db db = new Db()) {
            for (String s : SETUP.split(";\n")) {
                if (!s.isBlank()) {
                    db.exec(s);
                }
            }
            String sql = String.format(c.sql(), db.schema());
            PlannedStatement p;
            long leftInItsSession;
            try (Connection session = db.dataSource().getConnection()) {
                p = new DdlMigrations(keptOpen(session), new Cancellation()).plan(sql).statements().get(0);
                // the planner's own session, still open: a temporary copy it left would be there
                try (Statement st = session.createStatement();
                     ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_class WHERE relnamespace = pg_my_temp_schema()")) {
                    rs.next();
                    leftInItsSession = rs.getLong(1);
                }
            }

            long oid = db.queryLong("SELECT ?::regclass::oid", db.q(c.table()));
            Observed o = observe(db, oid, sql);

            assertThat(o.lock()).as("lock PostgreSQL took for " + sql).isEqualTo(c.documented());
            assertThat(p.lock()).as("declared lock of " + sql + " (" + p.lockSource() + ")").isEqualTo(c.documented());
            assertThat(o.hold()).as("what PostgreSQL did for " + sql).isEqualTo(c.hold());
            assertThat(p.hold()).as("declared hold of " + sql).isEqualTo(c.hold());
            assertThat(p.strategy()).as("strategy of " + sql + ": " + p.reason()).isEqualTo(c.strategy());
            assertThat(p.table()).isEqualTo("\"" + db.schema() + "\".\"" + c.table() + "\"");
            if (c.strategy() == Strategy.REFUSED) {
                assertThat(p.steps()).isEmpty();
                assertThat(p.reason()).isNotBlank();
            } else {
                assertThat(p.steps()).isNotEmpty();
            }
            if (c.strategy() == Strategy.DIRECT) {
                assertThat(p.steps()).extracting(DdlStep::sql).containsExactly(sql);
            }
            // planning changed nothing: no temporary copy left in the planner's session
            assertThat(leftInItsSession).as("temporary relations left in the planner's session").isZero();
        }
    }

    /**
     * A data source that hands out {@code session} and leaves it open when its user closes it, so
     * that what the user left in the session (temporary tables) can be looked for afterwards.
     */
    static DataSource keptOpen(Connection session) {
        Connection kept = (Connection) Proxy.newProxyInstance(DdlPlanIT.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "close" -> null;
                    default -> {
                        try {
                            yield method.invoke(session, args);
                        } catch (java.lang.reflect.InvocationTargetException e) {
                            throw e.getCause();
                        }
                    }
                });
        return (DataSource) Proxy.newProxyInstance(DdlPlanIT.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getConnection")) {
                        return kept;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    record Observed(LockLevel lock, LockHold hold) {
    }

    /** Runs the statement in a transaction, reads what it did, and rolls it back. */
    static Observed observe(Db db, long oid, String sql) throws Exception {
        Connection c = db.connection();
        c.setAutoCommit(false);
        try {
            long filenode = db.queryLong("SELECT pg_relation_filenode(?::oid::regclass)", oid);
            Set<String> indexes = new HashSet<>(indexFilenodes(db, oid));
            long scans = db.queryLong("SELECT pg_stat_get_xact_numscans(?::oid)", oid);
            db.exec(sql);
            LockLevel lock = null;
            for (String mode : db.queryList("SELECT mode FROM pg_locks WHERE pid = pg_backend_pid() "
                    + "AND locktype = 'relation' AND relation = ?::oid", oid)) {
                lock = LockLevel.max(lock, LockLevel.ofPgLocksMode(mode));
            }
            LockHold hold = db.queryLong("SELECT pg_relation_filenode(?::oid::regclass)", oid) != filenode
                    ? LockHold.REWRITE
                    : !indexes.containsAll(indexFilenodes(db, oid)) ? LockHold.INDEX_BUILD
                    : db.queryLong("SELECT pg_stat_get_xact_numscans(?::oid)", oid) > scans ? LockHold.SCAN
                    : LockHold.METADATA;
            return new Observed(lock, hold);
        } finally {
            c.rollback();
            c.setAutoCommit(true);
        }
    }

    private static List<String> indexFilenodes(Db db, long oid) throws Exception {
        return db.queryList("SELECT pg_relation_filenode(indexrelid)::text FROM pg_index WHERE indrelid = ?::oid", oid);
    }
}
