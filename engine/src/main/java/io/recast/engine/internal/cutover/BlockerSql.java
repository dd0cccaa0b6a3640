package io.recast.engine.internal.cutover;

/**
 * SQL of what stands between the cut-over and its lock: sessions holding locks on the table, the
 * queue behind our lock request, prepared transactions and old snapshots, and ending a blocker.
 */
public final class BlockerSql {
    private BlockerSql() {
    }

    /**
     * Sessions (not ours) holding a granted lock on the table (or its parent) in a transaction
     * older than the given interval: asking for ACCESS EXCLUSIVE now would queue behind them. An
     * autovacuum worker yields to a lock request, unless it runs to prevent wraparound: only those
     * count.
     */
    public static String blockers() {
        return """
                SELECT DISTINCT a.pid, coalesce(a.application_name, '') AS app, coalesce(a.state, '') AS state,
                       extract(epoch FROM now() - coalesce(a.xact_start, a.query_start, now()))::float8 AS age_s,
                       left(regexp_replace(coalesce(a.query, ''), '\\s+', ' ', 'g'), 80) AS query,
                       a.backend_type = 'autovacuum worker' AS autovacuum
                FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
                WHERE l.locktype = 'relation' AND l.relation::int8 = ANY (?::int8[]) AND l.granted
                  AND l.pid <> pg_backend_pid() AND coalesce(a.application_name, '') NOT LIKE 'recast:%'
                  AND now() - coalesce(a.xact_start, a.query_start, now()) > ?::interval
                  AND (a.backend_type <> 'autovacuum worker' OR coalesce(a.query, '') LIKE '%to prevent wraparound%')
                ORDER BY age_s DESC
                """;
    }

    /**
     * Prepared transactions of this database, each with the modes it holds on the given relations
     * (bind: their oids), null when it holds none; one holding any, the cut-over can never get its
     * lock. Their locks show in pg_locks without a pid; the transaction's own xid lock ties them to
     * the gid (pg_locks.virtualtransaction is "-1/xid" before 17 and "procNumber/lxid" from 17).
     */
    public static String preparedTransactions() {
        return """
                SELECT p.gid, p.owner::text AS owner, extract(epoch FROM now() - p.prepared)::bigint AS seconds,
                       (SELECT string_agg(DISTINCT l.mode, ', ') FROM pg_locks x
                        JOIN pg_locks l ON l.virtualtransaction = x.virtualtransaction AND l.pid IS NULL
                        WHERE x.locktype = 'transactionid' AND x.transactionid = p.transaction AND x.pid IS NULL
                          AND l.locktype = 'relation' AND l.relation::bigint = ANY (?)) AS table_locks
                FROM pg_prepared_xacts p
                WHERE p.database = current_database()
                ORDER BY p.prepared
                """;
    }

    /**
     * Transactions that hold a snapshot taken before the given time (the end of the copy, in epoch
     * seconds of the server's clock): after
     * the swap they would read the new table without the rows written after their snapshot.
     * Without pg_read_all_stats, other roles' sessions do not show their snapshot.
     */
    public static String oldSnapshots() {
        return """
                SELECT a.pid, coalesce(a.application_name, '') AS app, coalesce(a.state, '') AS state,
                       extract(epoch FROM now() - a.xact_start)::float8 AS age_s,
                       left(regexp_replace(coalesce(a.query, ''), '\\s+', ' ', 'g'), 80) AS query
                FROM pg_stat_activity a
                WHERE a.backend_xmin IS NOT NULL AND a.xact_start < to_timestamp(?::float8) AND a.pid <> pg_backend_pid()
                  AND a.backend_type = 'client backend' AND a.datname = current_database()
                  AND coalesce(a.application_name, '') NOT LIKE 'recast:%'
                ORDER BY a.xact_start
                """;
    }

    /**
     * The sessions queued behind the given backend (our lock request, or our lock): how many, how
     * long the longest has waited (from its lock wait start on 14+, else its statement start), and
     * whether our request still waits.
     */
    public static String queue(int serverVersion) {
        String since = serverVersion >= 140000
                ? "coalesce((SELECT min(w.waitstart) FROM pg_locks w WHERE w.pid = a.pid AND NOT w.granted), a.query_start)"
                : "a.query_start";
        return """
                SELECT count(*)::int AS queued,
                       coalesce(max(extract(epoch FROM clock_timestamp() - %s)) * 1000, 0)::float8 AS oldest_ms,
                       EXISTS (SELECT 1 FROM pg_locks o WHERE o.pid = ? AND NOT o.granted) AS waiting
                FROM pg_stat_activity a
                WHERE a.pid <> ? AND ? = ANY (pg_blocking_pids(a.pid))
                """.formatted(since);
    }

    /** Our backend's pid, which the lock queue watcher watches. */
    static final String BACKEND_PID = "SELECT pg_backend_pid()";

    /** A relation's oid, by its qualified name. */
    static final String OID = "SELECT ?::regclass::oid::int8";

    /** Cancels the statement of the backend with the bound pid, or (not {@code cancel}) terminates its session. */
    static String endBackend(boolean cancel) {
        return "SELECT " + (cancel ? "pg_cancel_backend" : "pg_terminate_backend") + "(?)";
    }

    /** Sessions that hold or wait for a lock on the table, for the message when we give up. */
    public static String lockHolders() {
        return """
                SELECT l.pid, l.mode, l.granted, coalesce(a.application_name, '') AS app, coalesce(a.state, '') AS state,
                       coalesce(extract(epoch FROM now() - a.xact_start), 0)::bigint AS xact_seconds,
                       left(coalesce(a.query, ''), 80) AS query
                FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid
                WHERE l.locktype = 'relation' AND l.relation = ? AND l.pid <> pg_backend_pid()
                ORDER BY l.granted DESC, a.xact_start
                """;
    }
}
