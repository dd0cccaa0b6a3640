package io.recast.engine.testkit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;

/**
 * A test's view of the database: its own schema (created in the constructor, dropped by
 * {@link #close}), statements, row checksums, and the list of our artifacts left anywhere.
 */
public final class Db implements AutoCloseable {
    private final DataSource ds;
    private Connection c;
    private final String schema;

    public Db() throws SQLException {
        this(PgFixture.get().dataSource());
    }

    public Db(DataSource ds) throws SQLException {
        this.ds = ds;
        this.c = ds.getConnection();
        this.schema = "t_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xFFFFFFFFFFL);
        exec("CREATE SCHEMA " + schema);
        exec("SET search_path = " + schema + ", public");
    }

    public DataSource dataSource() {
        return ds;
    }

    public String schema() {
        return schema;
    }

    /** schema.name, for options and SQL. */
    public String q(String table) {
        return schema + "." + table;
    }

    /** A new session, after the server restarted (the old one is gone). */
    public void reconnect() throws SQLException {
        try {
            c.close();
        } catch (SQLException ignored) {
            // it is gone
        }
        c = ds.getConnection();
        exec("SET search_path = " + schema + ", public");
    }

    public Connection connection() {
        return c;
    }

    public void exec(String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    public long queryLong(String sql, Object... params) throws SQLException {
        Object v = queryValue(sql, params);
        return v == null ? 0 : ((Number) v).longValue();
    }

    public String queryString(String sql, Object... params) throws SQLException {
        Object v = queryValue(sql, params);
        return v == null ? null : v.toString();
    }

    public Object queryValue(String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getObject(1) : null;
            }
        }
    }

    public List<String> queryList(String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                List<String> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
                return out;
            }
        }
    }

    /** Inserts {@code rows} rows (id, v) into a table with those columns. */
    public void fill(String table, long rows) throws SQLException {
        exec("INSERT INTO " + table + " (id, v) SELECT g, md5(g::text) FROM generate_series(1, " + rows + ") g");
    }

    /** An order-independent fingerprint of every row (its text form), and the count. */
    public String checksum(String table) throws SQLException {
        return checksum(c, table);
    }

    /** As {@link #checksum(String)}, on another session (another database, another server). */
    public static String checksum(Connection c, String table) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) || ':' || coalesce(md5(string_agg(md5(t::text), '' "
                     + "ORDER BY md5(t::text))), '') FROM " + table + " t")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /**
     * The rows of {@code a} missing from {@code b} and those of {@code b} missing from {@code a}, at
     * most ten of each: what a checksum mismatch is about.
     */
    public String difference(String a, String b) throws SQLException {
        // as text, as the checksum compares them: EXCEPT needs equality operators that json or point lack
        return "only in " + a + ": " + queryList("SELECT r FROM (SELECT x::text AS r FROM " + a + " x EXCEPT ALL "
                + "SELECT y::text FROM " + b + " y) d LIMIT 10") + "; only in " + b + ": " + queryList("SELECT r FROM "
                + "(SELECT y::text AS r FROM " + b + " y EXCEPT ALL SELECT x::text FROM " + a + " x) d LIMIT 10");
    }

    /** Everything of ours anywhere in the database: schema objects, triggers, functions, unfinished jobs. */
    public List<String> artifacts() throws SQLException {
        List<String> out = new ArrayList<>(queryList("""
                SELECT 'relation ' || c.oid::regclass::text FROM pg_class c
                 WHERE c.relnamespace = to_regnamespace('recast') AND c.relname NOT IN ('jobs', 'jobs_pkey', 'jobs_job_id_seq')
                UNION ALL
                SELECT 'relation ' || c.oid::regclass::text FROM pg_class c
                 WHERE c.relname ~ '^recast_aside_[0-9]+(_i[0-9]+)?$'
                UNION ALL
                SELECT 'trigger ' || tgname FROM pg_trigger WHERE tgname LIKE 'recast\\_%'
                UNION ALL
                SELECT 'constraint ' || con.conname || ' on ' || con.conrelid::regclass::text FROM pg_constraint con
                 JOIN pg_class c ON c.oid = con.conrelid
                 WHERE con.conname LIKE 'recast\\_not\\_%' AND c.relnamespace IS DISTINCT FROM to_regnamespace('recast')
                UNION ALL
                SELECT 'function ' || p.oid::regprocedure::text FROM pg_proc p
                 WHERE p.pronamespace = to_regnamespace('recast')
                ORDER BY 1
                """));
        if (queryValue("SELECT to_regclass('recast.jobs')") != null) {
            out.addAll(queryList("SELECT 'unfinished job ' || job_id || ' on ' || table_name FROM recast.jobs "
                    + "WHERE finished_at IS NULL"));
        }
        return out;
    }

    /** server_version_num, e.g. 150004. */
    public int serverVersion() throws SQLException {
        return (int) queryLong("SELECT current_setting('server_version_num')::int");
    }

    public long relfilenode(String table) throws SQLException {
        return queryLong("SELECT pg_relation_filenode(?::regclass)", table);
    }

    @Override
    public void close() throws SQLException {
        try {
            exec("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } finally {
            c.close();
        }
    }
}
