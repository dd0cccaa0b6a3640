package io.recast.engine.internal.throttle;

import io.recast.engine.api.InvalidOptionsException;
import io.recast.engine.api.ThrottleOptions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The standbys named with a replica URL, read directly: how far behind the primary each one's
 * replay is, in seconds. For standbys the primary cannot see in pg_stat_replication (cascaded ones),
 * or when the primary's view needs a privilege recast does not have. One connection per replica,
 * opened on first use and kept.
 */
public final class Replicas implements AutoCloseable {

    private final List<String> urls;
    private final Properties login;
    private final Map<String, Connection> open = new LinkedHashMap<>();

    /**
     * @param urls  JDBC URLs of standbys
     * @param login user and password for them (those in a URL win), or empty
     */
    public Replicas(List<String> urls, Properties login) {
        this.urls = List.copyOf(urls);
        this.login = login;
    }

    public boolean any() {
        return !urls.isEmpty();
    }

    /**
     * Connects to each replica and checks that it is a standby, before the run creates anything.
     *
     * @throws InvalidOptionsException naming the replica that cannot be reached or is not a standby
     */
    public void check() {
        for (String url : urls) {
            boolean standby;
            try {
                standby = inRecovery(url);
            } catch (SQLException e) {
                throw new InvalidOptionsException("cannot read the replica " + ThrottleOptions.redact(url) + ": "
                        + e.getMessage().strip() + " (SQLSTATE " + e.getSQLState() + ")");
            }
            if (!standby) {
                throw new InvalidOptionsException("the replica " + ThrottleOptions.redact(url) + " is not a standby "
                        + "(pg_is_in_recovery() is false): give the URL of a streaming standby, not of the primary");
            }
        }
    }

    /** The largest replay lag of the replicas, in seconds; null when none can tell yet. */
    public Double maxLag() throws SQLException {
        Double max = null;
        for (String url : urls) {
            Double lag = lag(url);
            if (lag != null && (max == null || lag > max)) {
                max = lag;
            }
        }
        return max;
    }

    private Double lag(String url) throws SQLException {
        try (Statement st = connection(url).createStatement(); ResultSet rs = st.executeQuery(ThrottleSql.REPLICA_LAG)) {
            rs.next();
            double v = rs.getDouble(1);
            return rs.wasNull() ? null : v;
        } catch (SQLException e) {
            closeQuietly(open.remove(url));
            throw new SQLException("replica " + ThrottleOptions.redact(url) + ": " + e.getMessage(), e.getSQLState(), e);
        }
    }

    private boolean inRecovery(String url) throws SQLException {
        try (Statement st = connection(url).createStatement(); ResultSet rs = st.executeQuery(ThrottleSql.IN_RECOVERY)) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    private Connection connection(String url) throws SQLException {
        Connection c = open.get(url);
        if (c == null || c.isClosed()) {
            Properties p = new Properties();
            p.putAll(login);
            p.setProperty("ApplicationName", "recast: replica monitor");
            p.setProperty("connectTimeout", "10");
            p.setProperty("socketTimeout", "30");
            c = DriverManager.getConnection(url, p);
            c.setAutoCommit(true);
            open.put(url, c);
        }
        return c;
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing a broken connection
            }
        }
    }

    @Override
    public void close() {
        new ArrayList<>(open.values()).forEach(Replicas::closeQuietly);
        open.clear();
    }
}
