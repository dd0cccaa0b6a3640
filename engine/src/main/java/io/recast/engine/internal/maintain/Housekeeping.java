package io.recast.engine.internal.maintain;

import io.recast.engine.internal.sql.Jdbc;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * maintain's actions that are one statement of PostgreSQL's own: REINDEX INDEX CONCURRENTLY (its
 * leftovers dropped when it fails), VACUUM, DROP INDEX CONCURRENTLY. Each waits at most the lock
 * timeout for a lock, so it never queues in front of the application; the caller's cancellation
 * stops the statement.
 */
public final class Housekeeping {
    private static final Logger LOG = LoggerFactory.getLogger(Housekeeping.class);

    private Housekeeping() {
    }

    /**
     * Rebuilds the index without blocking writes. When it fails (a lock not granted in time, a
     * cancellation, a duplicate in a unique index), the INVALID copies it left are dropped, and the
     * failure is thrown with what was dropped added.
     */
    public static void reindex(Connection c, String schema, String index, Duration lockTimeout) throws SQLException {
        Jdbc.exec(c, "maintain", MaintainSql.lockTimeout(lockTimeout));
        try {
            Jdbc.exec(c, "maintain", MaintainSql.reindex(schema, index));
        } catch (SQLException e) {
            List<String> dropped;
            try {
                dropped = dropLeftovers(c, schema, index, lockTimeout);
            } catch (SQLException again) {
                e.addSuppressed(again);
                throw e;
            }
            if (dropped.isEmpty()) {
                throw e;
            }
            throw new SQLException(e.getMessage().strip() + " (dropped the INVALID copy it left: "
                    + String.join(", ", dropped) + ")", e.getSQLState(), e);
        }
    }

    /** The INVALID copies a failed REINDEX CONCURRENTLY of the index left, dropped; their names. */
    static List<String> dropLeftovers(Connection c, String schema, String index, Duration lockTimeout)
            throws SQLException {
        List<String> dropped = new ArrayList<>();
        // a cancelled statement leaves the session usable; the drops must not be cancelled by the same request
        for (String[] left : Jdbc.query(c, MaintainSql.LEFTOVERS, rs -> new String[] {rs.getString(1), rs.getString(2)},
                schema, index, index, index, index)) {
            SQLException last = null;
            for (int attempt = 0; attempt < 5; attempt++) {
                try {
                    dropIndex(c, left[0], left[1], lockTimeout);
                    dropped.add(left[0] + "." + left[1]);
                    last = null;
                    break;
                } catch (SQLException e) {
                    last = e;
                    LOG.debug("could not drop {}.{} yet: {}", left[0], left[1], e.getMessage());
                }
            }
            if (last != null) {
                throw last;
            }
        }
        return dropped;
    }

    public static void vacuum(Connection c, String schema, String table, Duration lockTimeout) throws SQLException {
        Jdbc.exec(c, "maintain", MaintainSql.lockTimeout(lockTimeout));
        Jdbc.exec(c, "maintain", MaintainSql.vacuum(schema, table));
    }

    public static void dropIndex(Connection c, String schema, String index, Duration lockTimeout) throws SQLException {
        Jdbc.exec(c, "maintain", MaintainSql.lockTimeout(lockTimeout));
        Jdbc.exec(c, "maintain", MaintainSql.dropIndex(schema, index));
    }
}
