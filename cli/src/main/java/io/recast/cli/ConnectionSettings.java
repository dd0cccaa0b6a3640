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
