package io.recast.engine.internal.maintain;

import io.recast.engine.api.ConcurrentRunException;
import io.recast.engine.internal.sql.Jdbc;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

/**
 * One maintain run per database at a time: a session-level advisory lock, held by the run's own
 * session for as long as it runs (and gone with it, however it ends).
 */
public final class MaintainLock {
    private MaintainLock() {
    }

    /** @throws ConcurrentRunException naming the session that holds it, when another run does */
    public static void acquire(Connection c, String database) throws SQLException {
        if (Jdbc.queryBoolean(c, MaintainSql.TRY_LOCK, MaintainSql.LOCK_CLASS, MaintainSql.LOCK_OBJECT)) {
            return;
        }
        String who = Jdbc.queryOne(c, MaintainSql.HOLDER, rs -> "pid " + rs.getInt("pid") + " ("
                + rs.getString("application_name") + ", from " + rs.getString("client") + ", connected at "
                + rs.getObject("backend_start", OffsetDateTime.class).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME) + ")",
                MaintainSql.LOCK_CLASS, MaintainSql.LOCK_OBJECT).orElse("a session that has just ended");
        throw new ConcurrentRunException("another recast maintain runs on database " + database + ": " + who
                + "; wait for it to finish (one maintain per database at a time)");
    }

    public static void release(Connection c) throws SQLException {
        Jdbc.queryOne(c, MaintainSql.UNLOCK, rs -> null, MaintainSql.LOCK_CLASS, MaintainSql.LOCK_OBJECT);
    }
}
