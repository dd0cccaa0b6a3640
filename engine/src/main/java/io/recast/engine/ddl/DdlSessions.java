package io.recast.engine.ddl;

import io.recast.engine.sql.Jdbc;
import io.recast.engine.sql.Sessions;
import io.recast.engine.sql.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * The session the user's statements run in. Unlike {@link Sessions#open}, it keeps the
 * connection's search_path: the file's unqualified names must resolve as they would in psql.
 */
final class DdlSessions {
    private DdlSessions() {
    }

    static Connection open(DataSource ds, String role) throws SQLException {
        Connection c = ds.getConnection();
        try {
            c.setAutoCommit(true);
            Jdbc.exec(c, "session", "SET application_name = " + Sql.literal("recast: " + role));
            Jdbc.exec(c, "session", "SET standard_conforming_strings = on");
            Jdbc.exec(c, "session", "SET statement_timeout = 0");
            Jdbc.exec(c, "session", "SET lock_timeout = 0");
            Jdbc.exec(c, "session", "SET idle_in_transaction_session_timeout = 0");
            return c;
        } catch (SQLException | RuntimeException e) {
            Sessions.close(c);
            throw e;
        }
    }
}
