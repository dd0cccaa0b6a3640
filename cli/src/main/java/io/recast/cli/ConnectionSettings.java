package io.recast.cli;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import io.recast.engine.api.DatabaseException;
import java.sql.SQLException;

/**
 * A resolved connection: JDBC URL, user, password (null: let pgjdbc read the password file) and a
 * description for messages that never contains the password.
 */
public record ConnectionSettings(String jdbcUrl, String user, String password, String display) {
    /** worker, job lock, throttle monitor, cut-over, lock-queue watcher, and room for cleanup. */
    static final int MAX_POOL_SIZE = 8;

    @Override
    public String toString() {
        return display;
    }

    /**
     * The same server, user and parameters with another database: the URL's database replaced
     * (added when it named none).
     */
    public ConnectionSettings withDatabase(String database) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^(jdbc:postgresql://[^/?]*)(/[^?]*)?(\\?.*)?$")
                .matcher(jdbcUrl);
        if (!m.matches()) {
            throw new io.recast.engine.api.InvalidOptionsException("cannot tell the database in the URL "
                    + display + "; give the server with --host and --port instead");
        }
        String encoded = java.net.URLEncoder.encode(database, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
        String url = m.group(1) + "/" + encoded + (m.group(3) == null ? "" : m.group(3));
        // user@host:port/db as ConnectionOptions writes it; a URL's description names the database after it
        String shown = display.matches("[^/]*@[^/]*:\\d+/.*") ? display.substring(0, display.indexOf('/') + 1) + database
                : "database " + database + " of " + display;
        return new ConnectionSettings(url, user, password, shown);
    }

    /** The pool's configuration: small, named "recast", connections named "recast" in pg_stat_activity. */
    HikariConfig poolConfig() {
        HikariConfig c = new HikariConfig();
        c.setPoolName("recast");
        c.setDriverClassName("org.postgresql.Driver");
        c.setJdbcUrl(jdbcUrl);
        c.setUsername(user);
        if (password != null) {
            c.setPassword(password);
        }
        c.setMaximumPoolSize(MAX_POOL_SIZE);
        c.setMinimumIdle(1);
        // The engine sets "recast: <role>" per session and RESETs it when done; this is what remains.
        c.addDataSourceProperty("ApplicationName", "recast");
        return c;
    }

    /**
     * Opens the pool and its first connection, so that a wrong host, database or password is
     * reported at once, with its SQLSTATE, instead of as a pool timeout later.
     *
     * @throws DatabaseException when the first connection fails
     */
    public HikariDataSource open() {
        try {
            return new HikariDataSource(poolConfig());
        } catch (HikariPool.PoolInitializationException e) {
            if (e.getCause() instanceof SQLException s) {
                throw new DatabaseException("cannot connect to " + display, s);
            }
            throw e;
        }
    }
}
