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
    private final int pid;
    private long checkedAt = System.nanoTime();

    private JobLock(Connection connection, int pid) {
        this.connection = connection;
        this.pid = pid;
    }

    /** @throws ConcurrentRunException naming the pid that holds the lock */
    public static JobLock acquire(DataSource ds, ArtifactNames names, String table) throws SQLException {
        Connection c = Sessions.open(ds, "lock");
        try {
            if (!Jdbc.queryBoolean(c, JobSql.TRY_LOCK, names.jobLockKey())) {
                String holder = Jdbc.queryOne(c, JobSql.LOCK_HOLDER, rs -> rs.getString(1), names.jobLockKey() >>> 32,
                                names.jobLockKey() & 0xFFFF_FFFFL)
                        .orElse("another session");
                throw new ConcurrentRunException("another recast run is working on " + table + " (" + holder
                        + "); wait for it to finish, or stop it with pg_cancel_backend/pg_terminate_backend");
            }
            Jdbc.queryOne(c, JobSql.LOCK_SCHEMA_SHARED, rs -> null, ArtifactNames.SCHEMA_LOCK_KEY);
            return new JobLock(c, (int) Jdbc.queryLong(c, JobSql.BACKEND_PID));
        } catch (SQLException | RuntimeException e) {
            Sessions.close(c);
            throw e;
        }
    }

    /** The backend that holds the lock. */
    public int pid() {
        return pid;
    }

    /**
     * Fails (with a lost-connection SQLSTATE) when the lock's session is gone, so the run reconnects
     * and takes the lock again instead of going on without it; asks the server at most once a second.
     */
    public void check() throws SQLException {
        if (System.nanoTime() - checkedAt >= 1_000_000_000L) {
            verify();
        }
    }

    /** As {@link #check()}, asking the server now: before the swap. */
    public void verify() throws SQLException {
        if (!connection.isValid(5)) {
            throw new SQLException("the session holding the job lock (pid " + pid + ") is gone", "08003");
        }
        checkedAt = System.nanoTime();
    }

    /** The lock's own connection, for short statements that need no other. */
    public Connection connection() {
        return connection;
    }

    @Override
    public void close() {
        try {
            Jdbc.queryOne(connection, JobSql.UNLOCK_ALL, rs -> null);
        } catch (SQLException e) {
            // closing the session releases the locks anyway
        } finally {
            Sessions.close(connection);
        }
    }
}
