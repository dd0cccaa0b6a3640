package io.recast.engine.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.recast.engine.Recast;
import io.recast.engine.api.RewriteOptions;
import io.recast.engine.api.RewriteResult;
import io.recast.engine.testkit.Db;
import io.recast.engine.testkit.PgFixture;
import io.recast.engine.testkit.Writers;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A real logical-replication subscriber: the second cluster scripts/test.sh starts per major
 * ({@code RECAST_TEST_CRASH_URL}) subscribes to a database of its own on the server under test
 * (which needs {@code wal_level=logical}), through a publication FOR TABLE the table or FOR ALL
 * TABLES. The twin writers write the table while it is rewritten; afterwards the publisher's table
 * equals its twin, the subscriber's table equals the publisher's (a shadow, change log or job row
 * sent to the subscriber, which has none of them, would stop its apply worker and the tables would
 * never agree), and a row written after the run still arrives.
 */
class SubscriberIT {
    private static final String DATABASE = "recast_pubsub";
    private static final Duration CATCH_UP = Duration.ofSeconds(90);

    @ParameterizedTest(name = "publication {0}")
    @ValueSource(strings = {"FOR TABLE orders", "FOR ALL TABLES"})
    void theSubscriberKeepsReceivingTheTablesChanges(String publication) throws Exception {
        assumeTrue(FaultIT.crashServerGiven(), "RECAST_TEST_CRASH_URL is not set: no second server to subscribe "
                + "(scripts/test.sh starts one)");
        PgFixture fixture = PgFixture.get();
        try (Connection admin = fixture.connect()) {
            assumeTrue("logical".equals(query(admin, "SHOW wal_level")), "the server under test has wal_level "
                    + query(admin, "SHOW wal_level") + ", not logical: it cannot publish");
        }
        DataSource subscriberAdmin = FaultIT.crashServer();
        recreateDatabase(fixture.dataSource());
        recreateDatabase(subscriberAdmin);
        DataSource pub = withDatabase(fixture.dataSource());
        DataSource sub = withDatabase((PGSimpleDataSource) subscriberAdmin);
        String table = "CREATE TABLE %s (id bigint PRIMARY KEY, v text NOT NULL, n int DEFAULT 7)";
        try (Connection p = pub.getConnection(); Connection s = sub.getConnection()) {
            for (Connection c : new Connection[] {p, s}) {
                exec(c, table.formatted("orders"));
                exec(c, table.formatted("orders_twin"));
            }
            for (String t : new String[] {"orders", "orders_twin"}) {
                exec(p, "INSERT INTO " + t + " (id, v) SELECT g, md5(g::text) FROM generate_series(1, 30000) g");
                exec(p, "DELETE FROM " + t + " WHERE id % 3 = 0");
            }
            exec(p, "CREATE PUBLICATION recast_pub " + publication);
            String[] hpd = fixture.hostPortDb();
            exec(s, "CREATE SUBSCRIPTION recast_sub CONNECTION 'host=" + hpd[0] + " port=" + hpd[1] + " dbname="
                    + DATABASE + " user=" + fixture.user()
                    + (fixture.password() == null ? "" : " password=" + fixture.password()) + "' PUBLICATION recast_pub");
            try {
                awaitEqual(p, s, "orders");
                long filenode = Long.parseLong(query(p, "SELECT pg_relation_filenode('orders')"));
                RewriteResult r;
                try (Db events = new Db(pub);
                     Writers w = Writers.twin(pub, "public.orders", "public.orders_twin", 2, publication.hashCode(),
                             Duration.ofMillis(1))) {
                    // 3 s asleep just before the cut-over (in SET LOGGED, with a FOR ALL TABLES publication): the
                    // writers fill the log that the swap itself then has to carry over
                    FaultIT.eventTrigger(events, "prepare cut-over", 1, "sleep");
                    try {
                        w.awaitTransactions(200, Duration.ofSeconds(30));
                        r = Recast.builder(pub).build().repack("public.orders", RewriteOptions.builder().batchRows(2_000)
                                .build());
                    } finally {
                        FaultIT.dropEventTrigger(events);
                    }
                    w.awaitTransactions(w.transactions() + 200, Duration.ofSeconds(30));
                    w.close();
                    assertThat(w.errors()).isEmpty();
                }
                assertThat(r.rowsReplayed()).as("the writers changed the table during the run").isPositive();
                assertThat(query(p, "SELECT pg_relation_filenode('orders')")).isNotEqualTo(String.valueOf(filenode));
                assertThat(Db.checksum(p, "orders")).as("the publisher's table equals its twin")
                        .isEqualTo(Db.checksum(p, "orders_twin"));
                awaitEqual(p, s, "orders");
                // a key below any the writers used (they insert past both ends: -1 may be taken)
                exec(p, "INSERT INTO orders (id, v) SELECT min(id) - 1000, 'written after the run' FROM orders");
                awaitEqual(p, s, "orders");
                assertThat(query(s, "SELECT count(*) FROM pg_class WHERE relnamespace = "
                        + "(SELECT oid FROM pg_namespace WHERE nspname = 'recast')")).isEqualTo("0");
                assertThat(query(p, "SELECT count(*) FROM pg_publication_tables WHERE schemaname = 'recast'"))
                        .as("none of recast's tables is published").isEqualTo("0");
            } finally {
                exec(s, "DROP SUBSCRIPTION recast_sub");
            }
        }
        dropDatabase(fixture.dataSource());
        dropDatabase(subscriberAdmin);
    }

    /** Waits until the subscriber's table holds what the publisher's does; fails with both after {@link #CATCH_UP}. */
    private static void awaitEqual(Connection p, Connection s, String table) throws Exception {
        String want = Db.checksum(p, table);
        long deadline = System.nanoTime() + CATCH_UP.toNanos();
        String got = Db.checksum(s, table);
        while (!want.equals(got) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            got = Db.checksum(s, table);
        }
        assertThat(got).as("the subscriber's " + table + " after " + CATCH_UP.toSeconds() + " s (its workers: "
                + query(s, "SELECT string_agg(coalesce(pid::text, 'none') || ' ' || coalesce(latest_end_lsn::text, '-'), "
                + "', ') FROM pg_stat_subscription") + ")").isEqualTo(want);
    }

    private static void recreateDatabase(DataSource admin) throws SQLException {
        dropDatabase(admin);
        try (Connection c = admin.getConnection()) {
            exec(c, "CREATE DATABASE " + DATABASE);
        }
    }

    /** Drops the database, and first what an interrupted run may have left that keeps it: subscription, slot. */
    private static void dropDatabase(DataSource admin) throws SQLException {
        try (Connection c = admin.getConnection()) {
            if (query(c, "SELECT count(*) FROM pg_database WHERE datname = '" + DATABASE + "'").equals("0")) {
                return;
            }
            try (Connection d = withDatabase((PGSimpleDataSource) admin).getConnection()) {
                if (!query(d, "SELECT count(*) FROM pg_subscription WHERE subname = 'recast_sub'").equals("0")) {
                    exec(d, "ALTER SUBSCRIPTION recast_sub DISABLE");
                    exec(d, "ALTER SUBSCRIPTION recast_sub SET (slot_name = NONE)");
                    exec(d, "DROP SUBSCRIPTION recast_sub");
                }
            }
            exec(c, "SELECT pg_terminate_backend(active_pid) FROM pg_replication_slots WHERE database = '" + DATABASE
                    + "' AND active_pid IS NOT NULL");
            exec(c, "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE database = '"
                    + DATABASE + "'");
            exec(c, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + DATABASE + "'");
            exec(c, "DROP DATABASE " + DATABASE);
        }
    }

    private static DataSource withDatabase(PGSimpleDataSource admin) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(admin.getURL());
        ds.setDatabaseName(DATABASE);
        ds.setUser(admin.getUser());
        ds.setPassword(admin.getPassword());
        return ds;
    }

    private static void exec(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private static String query(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
