package io.recast.engine.internal.sql;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the connections of a run, one per role, each named in pg_stat_activity, and gives them
 * back clean (the data source may be the application's own pool).
 */
public final class Sessions {
    private static final Logger LOG = LoggerFactory.getLogger(Sessions.class);

    private Sessions() {
    }

    /**
     * A connection in autocommit mode with: application_name "recast: role"; search_path
     * pg_catalog, so catalog functions print qualified names and our SQL resolves nothing by
     * accident; row_security off, so a policy makes a query fail instead of hiding rows; no
     * statement or lock timeout unless a step sets one locally.
     */
    public static Connection open(DataSource ds, String role) throws SQLException {
        return open(ds, role, true);
    }

    /**
     * As {@link #open(DataSource, String)}, but keeping the connection's search_path and
     * row_security: for the user's own statements (recast migrate), whose unqualified names must
     * resolve as they would in psql.
     */
    public static Connection openForUserStatements(DataSource ds, String role) throws SQLException {
        return open(ds, role, false);
    }

    private static Connection open(DataSource ds, String role, boolean ours) throws SQLException {
        Connection c = ds.getConnection();
        try {
            c.setAutoCommit(true);
            Jdbc.exec(c, "session", SessionSql.applicationName(role));
            if (ours) {
                for (String s : SessionSql.OURS) {
                    Jdbc.exec(c, "session", s);
                }
            }
            for (String s : SessionSql.DEFAULTS) {
                Jdbc.exec(c, "session", s);
            }
            return c;
        } catch (SQLException | RuntimeException e) {
            close(c);
            throw e;
        }
    }

    /** Rolls back what is open, resets the settings, and closes; never throws. */
    public static void close(Connection c) {
        if (c == null) {
            return;
        }
        try {
            if (!c.isClosed()) {
                if (!c.getAutoCommit()) {
                    c.rollback();
                    c.setAutoCommit(true);
                }
                Jdbc.exec(c, "session", SessionSql.RESET);
            }
        } catch (SQLException e) {
            LOG.debug("could not reset a connection before closing it: {}", e.getMessage());
        } finally {
            try {
                c.close();
            } catch (SQLException e) {
                LOG.debug("could not close a connection: {}", e.getMessage());
            }
        }
    }
}
