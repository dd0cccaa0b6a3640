package io.recast.engine.internal.job;

import io.recast.engine.api.ConcurrentRunException;
import io.recast.engine.internal.runtime.ArtifactNames;
import io.recast.engine.internal.sql.Jdbc;
import io.recast.engine.internal.sql.Sessions;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * A session-level advisory lock on the table's oid, held by a dedicated connection for the whole
 * run (or cleanup), plus a shared lock that keeps the recast schema from being dropped meanwhile.
 * The locks go away with the session, so a crashed run never blocks the next one.
 */
public final class JobLock implements AutoCloseable {
    private final Connection connection;

    private JobLock(Connection connection) {
        this.connection = connection;
    }

    /** @throws ConcurrentRunException naming the pid that holds the lock */
    public static JobLock acquire(DataSource ds, ArtifactNames names, String table) throws SQLException {
        Connection c = Sessions.open(ds, "lock");
        try {
            if (!Jdbc.queryBoolean(c, "SELECT pg_try_advisory_lock(?)", names.jobLockKey())) {
                String holder = Jdbc.queryOne(c, """
                        SELECT 'pid ' || l.pid || coalesce(', application "' || a.application_name || '"', '')
                               || coalesce(', client ' || host(a.client_addr), '')
                               || coalesce(', since ' || date_trunc('second', a.backend_start)::text, '')
                        FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid
                        WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
                          AND l.classid::bigint = ? AND l.objid::bigint = ?
                        """, rs -> rs.getString(1), names.jobLockKey() >>> 32, names.jobLockKey() & 0xFFFF_FFFFL)
                        .orElse("another session");
                throw new ConcurrentRunException("another recast run is working on " + table + " (" + holder
                        + "); wait for it to finish, or stop it with pg_cancel_backend/pg_terminate_backend");
            }
            Jdbc.queryOne(c, "SELECT pg_advisory_lock_shared(?)", rs -> null, ArtifactNames.SCHEMA_LOCK_KEY);
            return new JobLock(c);
        } catch (SQLException | RuntimeException e) {
            Sessions.close(c);
            throw e;
        }
    }

    /** The lock's own connection, for short statements that need no other. */
    public Connection connection() {
        return connection;
    }

    @Override
    public void close() {
        try {
            Jdbc.queryOne(connection, "SELECT pg_advisory_unlock_all()", rs -> null);
        } catch (SQLException e) {
            // closing the session releases the locks anyway
        } finally {
            Sessions.close(connection);
        }
    }
}
