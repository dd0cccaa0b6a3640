package io.recast.engine.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.recast.engine.Recast;
import io.recast.engine.api.ConcurrentRunException;
import io.recast.engine.api.NotEligibleException;
import io.recast.engine.api.RewriteException;
import io.recast.engine.api.RewriteOptions;
import io.recast.engine.testkit.Db;
import io.recast.engine.testkit.PgFixture;
import java.sql.Connection;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Every refusal happens before anything is created, with a message that names the object and the fix. */
class RefusalIT {

    private static <T extends RewriteException> T refuse(Db db, DataSource ds, String table, Class<T> type)
            throws Exception {
        String before = db.artifacts().toString();
        T e = catchThrowableOfType(type, () -> Recast.builder(ds).build().repack(table, RewriteOptions.builder().build()));
        assertThat(e).as("refusal of " + table).isNotNull();
        assertThat(db.artifacts().toString()).isEqualTo(before);
        return e;
    }

    private static NotEligibleException refuse(Db db, String table) throws Exception {
        return refuse(db, db.dataSource(), table, NotEligibleException.class);
    }

    @Test
    void noKey() throws Exception {
        try (Db db = new Db()) {
            db.exec("CREATE TABLE t (id int, v text)");
            db.exec("CREATE UNIQUE INDEX ON t (id)");          // unique but nullable: not a key
            db.exec("CREATE TABLE u (id int NOT NULL, v text)");
            db.exec("CREATE UNIQUE INDEX ON u (id) WHERE id > 0"); // partial: not a key
            assertThat(refuse(db, db.q("t")).getMessage()).contains("has no primary key or unique NOT NULL index")
                    .contains(db.schema()).contains("add one");
            assertThat(refuse(db, db.q("u")).getMessage()).contains("has no primary key");
        }
    }

    @Test
    void uniqueNotNullIndexIsEnoughAndQuotedNamesWork() throws Exception {
        try (Db db = new Db()) {
            db.exec("CREATE SCHEMA \"" + db.schema() + " Mixed\"");
            try {
                String table = "\"" + db.schema() + " Mixed\".\"Mixed Case \"\"Quoted\"\" Table\"";
                db.exec("CREATE TABLE " + table + " (\"Key\" int NOT NULL, \"select\" text)");
                db.exec("CREATE UNIQUE INDEX \"the key\" ON " + table + " (\"Key\")");
                db.exec("INSERT INTO " + table + " SELECT g, g::text FROM generate_series(1, 1000) g");
                String before = db.checksum(table);
                Recast.builder(db.dataSource()).build().repack(table, RewriteOptions.builder().batchRows(99).build());
                assertThat(db.checksum(table)).isEqualTo(before);
                assertThat(db.artifacts()).isEmpty();
            } finally {
                db.exec("DROP SCHEMA \"" + db.schema() + " Mixed\" CASCADE");
            }
        }
    }

    @Test
    void missingTableSystemCatalogPartitionsMaterializedView() throws Exception {
        try (Db db = new Db()) {
            assertThat(refuse(db, db.q("nope")).getMessage()).contains("no table of that name");
            assertThat(refuse(db, "pg_catalog.pg_class").getMessage()).contains("system schema");
            db.exec("CREATE TABLE p (id int PRIMARY KEY) PARTITION BY RANGE (id)");
            assertThat(refuse(db, db.q("p")).getMessage()).contains("partitioned table without partitions");
            // a foreign key the partitions inherit: attaching validates it, scanning the partition under the lock
            db.exec("CREATE TABLE other (id int PRIMARY KEY)");
            db.exec("ALTER TABLE p ADD COLUMN o int REFERENCES other");
            db.exec("CREATE TABLE p1 PARTITION OF p FOR VALUES FROM (0) TO (100) PARTITION BY RANGE (id)");
            db.exec("CREATE TABLE p1a PARTITION OF p1 FOR VALUES FROM (0) TO (10)");
            assertThat(refuse(db, db.q("p1a")).getMessage()).contains("is inherited from the partitioned parent");
            assertThat(refuse(db, db.q("p")).getMessage()).as("every partition is checked before any starts")
                    .contains("partition " + db.q("p1a") + ": ").contains("inherited from the partitioned parent");
            db.exec("CREATE TABLE t (id int PRIMARY KEY)");
            // populated while t is empty; its query now sleeps 10 ms a row (the OR makes it run per row): 3 s, far
            // beyond half of the 5 s lock budget
            db.exec("CREATE MATERIALIZED VIEW mv AS SELECT id FROM t WHERE pg_sleep(0.01) IS NOT NULL OR id IS NULL");
            db.exec("INSERT INTO t SELECT generate_series(1, 300)");
            assertThat(refuse(db, db.q("t")).getMessage())
                    .contains("materialized view \"" + db.schema() + "\".\"mv\" reads")
                    .contains("its query ran longer than 1250 ms now")
                    .contains("--rebuild-materialized-views");
            assertThat(refuse(db, db.q("mv")).getMessage()).contains("is a materialized view");
            db.exec("DROP MATERIALIZED VIEW mv");
            db.exec("CREATE VIEW v AS SELECT id FROM t");
            assertThat(refuse(db, db.q("v")).getMessage()).contains("is a view");
        }
    }

    @Test
    void temporaryTable() throws Exception {
        try (Db db = new Db()) {
            db.exec("CREATE TEMP TABLE tt (id int PRIMARY KEY)");
            String name = db.queryString("SELECT n.nspname || '.tt' FROM pg_namespace n WHERE n.oid = pg_my_temp_schema()");
            assertThat(refuse(db, name).getMessage()).contains("is a temporary table");
        }
    }

    @Test
    void anotherRunHoldsTheTable() throws Exception {
        try (Db db = new Db(); Connection other = db.dataSource().getConnection()) {
            db.exec("CREATE TABLE t (id int PRIMARY KEY)");
            long oid = db.queryLong("SELECT ?::regclass::oid::bigint", db.q("t"));
            long pid = db.queryLong("SELECT 0");
            try (var st = other.createStatement()) {
                var rs = st.executeQuery("SELECT pg_backend_pid(), pg_advisory_lock(" + ((0x5243L << 32) | oid) + ")");
                rs.next();
                pid = rs.getLong(1);
            }
            ConcurrentRunException e = refuse(db, db.dataSource(), db.q("t"), ConcurrentRunException.class);
            assertThat(e.getMessage()).contains("another recast run is working on").contains("pid " + pid);
        }
    }

    /** No superuser needed: a role that owns the table and may create a schema repacks it. */
    @Test
    void aPlainTableOwnerCanRepack() throws Exception {
        try (Db db = new Db()) {
            db.exec("DO $$BEGIN CREATE ROLE recast_it_plain LOGIN PASSWORD 'plain'; "
                    + "EXCEPTION WHEN duplicate_object THEN NULL; END$$");
            String database = db.queryString("SELECT current_database()");
            db.exec("GRANT USAGE, CREATE ON SCHEMA " + db.schema() + " TO recast_it_plain");
            db.exec("GRANT CREATE ON DATABASE " + database + " TO recast_it_plain");
            try {
                db.exec("DROP SCHEMA IF EXISTS recast CASCADE");
                db.exec("CREATE TABLE mine (id int PRIMARY KEY, v text)");
                db.fill("mine", 3000);
                db.exec("ALTER TABLE mine OWNER TO recast_it_plain");
                String before = db.checksum(db.q("mine"));
                DataSource plain = PgFixture.get().dataSource("recast_it_plain", "plain");
                assertThat(db.queryString("SELECT rolsuper::text FROM pg_roles WHERE rolname = 'recast_it_plain'"))
                        .isEqualTo("false");
                Recast.builder(plain).build().repack(db.q("mine"), RewriteOptions.builder().batchRows(1000).build());
                assertThat(db.checksum(db.q("mine"))).isEqualTo(before);
                assertThat(db.queryString("SELECT tableowner FROM pg_tables WHERE schemaname = ? AND tablename = 'mine'",
                        db.schema())).isEqualTo("recast_it_plain");
                assertThat(db.artifacts()).isEmpty();
                db.exec("DROP TABLE mine");
            } finally {
                db.exec("DROP SCHEMA IF EXISTS recast CASCADE");
                db.exec("REVOKE CREATE ON DATABASE " + database + " FROM recast_it_plain");
                db.exec("REVOKE ALL ON SCHEMA " + db.schema() + " FROM recast_it_plain");
            }
        }
    }

    @Test
    void privilegesAreCheckedFirst() throws Exception {
        try (Db db = new Db()) {
            db.exec("DO $$BEGIN CREATE ROLE recast_it_plain LOGIN PASSWORD 'plain'; "
                    + "EXCEPTION WHEN duplicate_object THEN NULL; END$$");
            db.exec("GRANT USAGE, CREATE ON SCHEMA " + db.schema() + " TO recast_it_plain");
            db.exec("CREATE TABLE theirs (id int PRIMARY KEY)");
            db.exec("CREATE TABLE mine (id int PRIMARY KEY)");
            db.exec("ALTER TABLE mine OWNER TO recast_it_plain");
            DataSource plain = PgFixture.get().dataSource("recast_it_plain", "plain");
            db.exec("DROP SCHEMA IF EXISTS recast CASCADE");
            NotEligibleException e = refuse(db, plain, db.q("theirs"), NotEligibleException.class);
            assertThat(e.getMessage()).contains("is owned by role postgres").contains("run recast as postgres");
            e = refuse(db, plain, db.q("mine"), NotEligibleException.class);
            assertThat(e.getMessage()).contains("missing privilege: CREATE on database").contains("GRANT CREATE ON DATABASE");
            db.exec("REVOKE ALL ON SCHEMA " + db.schema() + " FROM recast_it_plain");
            db.exec("DROP TABLE mine");
        }
    }
}
