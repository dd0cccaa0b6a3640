package io.recast.engine.internal.sql;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/** One connection in autocommit, opened when first needed and again when it was closed; shared by its users. */
public final class LazySession implements AutoCloseable {
    private final DataSource ds;
    private final String role;
    private Connection c;

    public LazySession(DataSource ds, String role) {
        this.ds = ds;
        this.role = role;
    }

    public Connection get() throws SQLException {
        if (c == null || c.isClosed()) {
            c = Sessions.open(ds, role);
            c.setAutoCommit(true);
        }
        return c;
    }

    @Override
    public void close() {
        Sessions.close(c);
        c = null;
    }
}
