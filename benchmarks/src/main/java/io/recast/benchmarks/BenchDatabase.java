package io.recast.benchmarks;

import io.recast.engine.testkit.StepHarness;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The benchmarks' own database on the local server ({@code recast_bench}, never the tests'
 * {@code recast_test}), found through PGHOST, PGPORT, PGUSER and PGPASSWORD as psql would, with
 * defaults 127.0.0.1, 5432 and postgres.
 */
final class BenchDatabase {
    static final String DATABASE = env("RECAST_BENCH_DATABASE", "recast_bench");
    static final String SCHEMA = "bench";
    static final String SOURCE = "src";

    private BenchDatabase() {
    }

    static DataSource dataSource(String database) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setServerNames(new String[] {env("PGHOST", "127.0.0.1")});
        ds.setPortNumbers(new int[] {Integer.parseInt(env("PGPORT", "5432"))});
        ds.setUser(env("PGUSER", "postgres"));
        String password = System.getenv("PGPASSWORD");
        if (password != null) {
            ds.setPassword(password);
        }
        ds.setDatabaseName(database);
        ds.setApplicationName("recast: benchmark");
        return ds;
    }

    /** Creates the benchmark database when it is missing. */
    static void ensureDatabase() throws SQLException {
        try (Connection c = dataSource("postgres").getConnection()) {
            if (queryText(c, "SELECT datname FROM pg_database WHERE datname = ?", DATABASE) == null) {
                exec(c, "CREATE DATABASE " + StepHarness.ident(DATABASE));
            }
        }
    }

    /** A session set up as the engine's own (search_path pg_catalog, no timeouts). */
    static Connection open(String role) throws SQLException {
        return StepHarness.openSession(dataSource(DATABASE), role);
    }

    /** The source table's name as SQL, as a user would pass it to recast. */
    static String qualifiedSource() {
        return StepHarness.qualified(SCHEMA, SOURCE);
    }

    /**
     * Builds {@code bench.src}: {@code rows} live rows of about 100 bytes (bigint key, a few
     * numbers, a timestamp and short text), frozen and analysed so that every run reads the same
     * heap. A table already filled for the same row count is reused: it takes longer to build than
     * to copy. The table comment records what was built.
     */
    static void ensureSource(Connection c, long rows) throws SQLException {
        String marker = "recast batch-copy source, " + rows + " rows, v1";
        String q = qualifiedSource();
        String existing = queryText(c, "SELECT obj_description(to_regclass(?), 'pg_class')", SCHEMA + "." + SOURCE);
        if (marker.equals(existing)) {
            return;
        }
        exec(c, "CREATE SCHEMA IF NOT EXISTS " + StepHarness.ident(SCHEMA));
        exec(c, "DROP TABLE IF EXISTS " + q);
        exec(c, "CREATE TABLE " + q + " ("
                + "id bigint PRIMARY KEY, customer_id bigint NOT NULL, status text NOT NULL, "
                + "amount numeric(12,2) NOT NULL, created_at timestamptz NOT NULL, note text)");
        exec(c, "INSERT INTO " + q + " SELECT g, g % 10007, "
                + "(ARRAY['new','paid','shipped','returned'])[1 + g % 4], (g % 100000) / 100.0, "
                + "timestamptz '2024-01-01' + g * interval '1 second', "
                + "md5(g::text) || substr(md5((g + 1)::text), 1, 8) "
                + "FROM generate_series(1, " + rows + ") g");
        exec(c, "VACUUM (FREEZE, ANALYZE) " + q);
        exec(c, "COMMENT ON TABLE " + q + " IS " + StepHarness.literal(marker));
    }

    /** Runs one of the benchmarks' own statements (setup, not measured). */
    static void exec(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    /** The first column of the first row as text, or null. */
    static String queryText(Connection c, String sql, String param) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, param);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
