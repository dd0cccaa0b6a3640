package io.recast.engine.internal.sql;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A small JDBC helper: binds parameters, maps rows, logs each statement with its tag at DEBUG. */
public final class Jdbc {
    private static final Logger LOG = LoggerFactory.getLogger(Jdbc.class);

    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    /** The first {@code n} columns of a row as text: a key, as the engine carries keys around. */
    public static RowMapper<List<String>> texts(int n) {
        return rs -> {
            List<String> out = new ArrayList<>(n);
            for (int i = 1; i <= n; i++) {
                out.add(rs.getString(i));
            }
            return out;
        };
    }

    /** Work done inside {@link #transaction}. */
    @FunctionalInterface
    public interface Work<T> {
        T run() throws SQLException;
    }

    private Jdbc() {
    }

    /**
     * Runs {@code work} in one transaction on {@code c}: commits when it returns, rolls back when it
     * throws, and leaves the connection in autocommit mode either way.
     */
    public static <T> T transaction(Connection c, Work<T> work) throws SQLException {
        c.setAutoCommit(false);
        T result;
        try {
            result = work.run();
            c.commit();
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly(c, e);
            throw e;
        }
        c.setAutoCommit(true);
        return result;
    }

    /**
     * Rolls back after {@code failure} and returns to autocommit; a session that is gone (the likely
     * cause of the failure) cannot, and what that says is kept with the failure, never in its place.
     */
    public static void rollbackQuietly(Connection c, Exception failure) {
        try {
            c.rollback();
            c.setAutoCommit(true);
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    /** Runs the statements in one transaction. */
    public static void execAll(Connection c, String tag, List<String> statements) throws SQLException {
        transaction(c, () -> {
            for (String s : statements) {
                exec(c, tag, s);
            }
            return null;
        });
    }

    /**
     * Runs the statements in order in as few round trips as it safely can: consecutive ones without a
     * semicolon of their own go together as one script (the driver sends a script's statements at
     * once, and the server stops at the first error, as it would one by one); one with a semicolon (a
     * routine's body, a rule's actions, a literal) or a comment goes alone, so nothing has to split it.
     */
    public static void execBatched(Connection c, String tag, List<String> statements) throws SQLException {
        List<String> script = new ArrayList<>();
        for (String s : statements) {
            if (s.contains(";") || s.contains("--")) {
                if (!script.isEmpty()) {
                    exec(c, tag, String.join(";\n", script));
                    script.clear();
                }
                exec(c, tag, s);
            } else {
                script.add(s);
            }
        }
        if (!script.isEmpty()) {
            exec(c, tag, String.join(";\n", script));
        }
    }

    /** The server's version as server_version_num (150004 for 15.4). */
    public static int serverVersion(Connection c) throws SQLException {
        return (int) queryLong(c, "SELECT current_setting('server_version_num')::int");
    }

    /** The database the session is connected to. */
    public static String currentDatabase(Connection c) throws SQLException {
        return queryOne(c, "SELECT current_database()", rs -> rs.getString(1)).orElseThrow();
    }

    /** Runs one statement without parameters (DDL, SET, LOCK). */
    public static void exec(Connection c, String tag, String sql) throws SQLException {
        long start = System.nanoTime();
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        } finally {
            debug(tag, sql, start);
        }
    }

    /** Runs one statement with bind parameters and returns its update count. */
    public static long update(Connection c, String tag, String sql, Object... params) throws SQLException {
        long start = System.nanoTime();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(c, ps, params);
            return ps.executeLargeUpdate();
        } finally {
            debug(tag, sql, start);
        }
    }

    public static <T> List<T> query(Connection c, String sql, RowMapper<T> mapper, Object... params)
            throws SQLException {
        long start = System.nanoTime();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(c, ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                List<T> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(mapper.map(rs));
                }
                return out;
            }
        } finally {
            debug("query", sql, start);
        }
    }

    public static <T> Optional<T> queryOne(Connection c, String sql, RowMapper<T> mapper, Object... params)
            throws SQLException {
        List<T> rows = query(c, sql, mapper, params);
        return rows.isEmpty() ? Optional.empty() : Optional.ofNullable(rows.get(0));
    }

    public static long queryLong(Connection c, String sql, Object... params) throws SQLException {
        return queryOne(c, sql, rs -> rs.getLong(1), params).orElse(0L);
    }

    public static boolean queryBoolean(Connection c, String sql, Object... params) throws SQLException {
        return queryOne(c, sql, rs -> rs.getBoolean(1), params).orElse(false);
    }

    /** Reads a text[] column as a list, null as an empty list. */
    public static List<String> stringList(ResultSet rs, String column) throws SQLException {
        Array a = rs.getArray(column);
        if (a == null) {
            return List.of();
        }
        Object[] values = (Object[]) a.getArray();
        List<String> out = new ArrayList<>(values.length);
        for (Object v : values) {
            out.add(v == null ? null : v.toString());
        }
        return out;
    }

    private static void bind(Connection c, PreparedStatement ps, Object[] params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            Object p = params[i];
            if (p instanceof long[] longs) {
                Long[] boxed = new Long[longs.length];
                for (int j = 0; j < longs.length; j++) {
                    boxed[j] = longs[j];
                }
                ps.setArray(i + 1, c.createArrayOf("int8", boxed));
            } else if (p instanceof String[] strings) {
                ps.setArray(i + 1, c.createArrayOf("text", strings));
            } else {
                ps.setObject(i + 1, p);
            }
        }
    }

    private static void debug(String tag, String sql, long startNanos) {
        if (LOG.isDebugEnabled()) {
            LOG.debug("{} ({} ms): {}", tag, (System.nanoTime() - startNanos) / 1_000_000,
                    sql.replaceAll("\\s+", " ").strip());
        }
    }
}
