package io.recast.benchmarks;

import io.recast.engine.internal.sql.Jdbc;
import io.recast.engine.internal.sql.Sessions;
import io.recast.engine.internal.sql.Sql;
import java.sql.Connection;
import java.sql.SQLException;
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
            if (!Jdbc.queryBoolean(c, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = ?)", DATABASE)) {
                Jdbc.exec(c, "bench", "CREATE DATABASE " + Sql.ident(DATABASE));
            }
        }
    }

    /** A session set up as the engine's own (search_path pg_catalog, no timeouts). */
    static Connection open(String role) throws SQLException {
        return Sessions.open(dataSource(DATABASE), role);
    }

    /** The source table's name as SQL, as a user would pass it to recast. */
    static String qualifiedSource() {
        return Sql.qualified(SCHEMA, SOURCE);
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
        String existing = Jdbc.queryOne(c, "SELECT obj_description(to_regclass(?), 'pg_class')",
                rs -> rs.getString(1), SCHEMA + "." + SOURCE).orElse(null);
        if (marker.equals(existing)) {
            return;
        }
        Jdbc.exec(c, "bench", "CREATE SCHEMA IF NOT EXISTS " + Sql.ident(SCHEMA));
        Jdbc.exec(c, "bench", "DROP TABLE IF EXISTS " + q);
        Jdbc.exec(c, "bench", "CREATE TABLE " + q + " ("
                + "id bigint PRIMARY KEY, customer_id bigint NOT NULL, status text NOT NULL, "
                + "amount numeric(12,2) NOT NULL, created_at timestamptz NOT NULL, note text)");
        Jdbc.exec(c, "bench", "INSERT INTO " + q + " SELECT g, g % 10007, "
                + "(ARRAY['new','paid','shipped','returned'])[1 + g % 4], (g % 100000) / 100.0, "
                + "timestamptz '2024-01-01' + g * interval '1 second', "
                + "md5(g::text) || substr(md5((g + 1)::text), 1, 8) "
                + "FROM generate_series(1, " + rows + ") g");
        Jdbc.exec(c, "bench", "VACUUM (FREEZE, ANALYZE) " + q);
        Jdbc.exec(c, "bench", "COMMENT ON TABLE " + q + " IS " + Sql.literal(marker));
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
