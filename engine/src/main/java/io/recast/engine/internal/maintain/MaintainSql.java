package io.recast.engine.internal.maintain;

import io.recast.engine.internal.sql.Sql;
import java.time.Duration;

/** The SQL of {@code maintain}: its lock, REINDEX CONCURRENTLY and its leftovers, VACUUM, the history's rates. */
final class MaintainSql {
    private MaintainSql() {
    }

    /** The two keys of the advisory lock one maintain run holds in a database (advisory locks are per database). */
    static final int LOCK_CLASS = 0x72656361;   // "reca"
    static final int LOCK_OBJECT = 0x6d61696e;  // "main"

    static final String TRY_LOCK = "SELECT pg_try_advisory_lock(?, ?)";
    static final String UNLOCK = "SELECT pg_advisory_unlock(?, ?)";

    /** Who holds the maintain lock of this database: pid, application name, client address, since. */
    static final String HOLDER = """
            SELECT a.pid, a.application_name, coalesce(host(a.client_addr), 'a local socket') AS client,
                   a.backend_start
              FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
             WHERE l.locktype = 'advisory' AND l.classid = ?::int::oid AND l.objid = ?::int::oid AND l.objsubid = 2
               AND l.granted AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())""";

    static String lockTimeout(Duration d) {
        return "SET lock_timeout = " + Math.max(1, d.toMillis());
    }

    static String reindex(String schema, String index) {
        return "REINDEX INDEX CONCURRENTLY " + Sql.qualified(schema, index);
    }

    static String vacuum(String schema, String table) {
        return "VACUUM " + Sql.qualified(schema, table);
    }

    static String dropIndex(String schema, String index) {
        return "DROP INDEX CONCURRENTLY IF EXISTS " + Sql.qualified(schema, index);
    }

    /**
     * The INVALID indexes a failed REINDEX CONCURRENTLY of {@code ?} (schema, then index name) left on its
     * table: named after it with _ccnew (the new copy) or _ccold (the old one, when it failed after the swap).
     */
    static final String LEFTOVERS = """
            SELECT n.nspname, c.relname
              FROM pg_index i
              JOIN pg_class c ON c.oid = i.indexrelid
              JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE NOT i.indisvalid
               AND i.indrelid = (SELECT x.indrelid FROM pg_index x JOIN pg_class xc ON xc.oid = x.indexrelid
                                   JOIN pg_namespace xn ON xn.oid = xc.relnamespace
                                  WHERE xn.nspname = ? AND xc.relname = ?)
               AND left(c.relname, length(?)) = ? AND substr(c.relname, length(?) + 1) ~ '^_cc(new|old)[0-9]*$'""";
}
