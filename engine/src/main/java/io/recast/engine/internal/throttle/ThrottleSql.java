package io.recast.engine.internal.throttle;

import io.recast.engine.api.Signal;

/** The query behind each throttle signal; each returns one number (null when it cannot be read). */
final class ThrottleSql {
    private ThrottleSql() {
    }

    /**
     * Read on a replica: zero while replay has caught up with what the standby received; else the
     * age of the last transaction it replayed. Null before it replayed any (nothing to measure from).
     */
    static final String REPLICA_LAG = """
            SELECT CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
                        ELSE greatest(extract(epoch FROM now() - pg_last_xact_replay_timestamp()), 0) END::float8
            """;

    /** Whether a replica URL names a standby. */
    static final String IN_RECOVERY = "SELECT pg_is_in_recovery()";

    /** Needs pg_read_all_stats (pg_monitor) to see the lag columns; without it they read null. */
    static final String REPLICATION_LAG = """
            SELECT CASE WHEN count(*) > 0 AND bool_and(replay_lag IS NULL AND state IS NULL) THEN NULL
                        ELSE coalesce(max(extract(epoch FROM replay_lag)), 0) END::float8
            FROM pg_stat_replication
            """;

    /** WAL a slot holds back: logical slots from what they confirmed, physical ones from their restart point. */
    static final String SLOT_LAG = """
            SELECT coalesce(max(pg_wal_lsn_diff(pg_current_wal_lsn(), coalesce(confirmed_flush_lsn, restart_lsn))), 0)::float8
            FROM pg_replication_slots
            WHERE restart_lsn IS NOT NULL
            """;

    /** Other roles' sessions show a null state without pg_read_all_stats: they are not counted. */
    static final String ACTIVE_SESSIONS = """
            SELECT count(*)::float8 FROM pg_stat_activity
            WHERE state = 'active' AND backend_type = 'client backend' AND pid <> pg_backend_pid()
              AND application_name NOT LIKE 'recast:%'
            """;

    static final String LOCK_WAITERS = """
            SELECT count(DISTINCT pid)::float8 FROM pg_locks
            WHERE locktype = 'relation' AND relation = ? AND NOT granted
            """;

    static String query(Signal s) {
        return switch (s) {
            case REPLICATION_LAG -> REPLICATION_LAG;
            case SLOT_LAG -> SLOT_LAG;
            case ACTIVE_SESSIONS -> ACTIVE_SESSIONS;
            case LOCK_WAITERS -> LOCK_WAITERS;
            case BACKLOG, QUERY, REPLICA_LAG -> throw new IllegalArgumentException(s + " has no fixed query");
        };
    }
}
