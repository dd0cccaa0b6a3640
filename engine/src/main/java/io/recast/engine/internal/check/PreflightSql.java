package io.recast.engine.internal.check;

import static io.recast.engine.internal.sql.Sql.ident;

import io.recast.engine.internal.catalog.KeyColumns;
import io.recast.engine.internal.catalog.TableDefinition;
import io.recast.engine.internal.cutover.BlockerSql;
import io.recast.engine.internal.sql.Sql;
import java.time.Duration;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * SQL of the pre-flight check. Every statement reads; none writes. Relations are passed as an
 * array of oids ({@code bigint[]}), thresholds in milliseconds, both as bind parameters.
 */
final class PreflightSql {
    private PreflightSql() {
    }

    /** A statement of the check waits at most this long for a lock, then the check reports it instead. */
    public static String lockTimeout(Duration d) {
        return "SET lock_timeout = " + Sql.literal(d.toMillis() + "ms");
    }

    /** The sample read runs in a read-only transaction: the check cannot write, even by mistake. */
    public static final String READ_ONLY = "SET TRANSACTION READ ONLY";

    public static final String IN_RECOVERY = "SELECT pg_is_in_recovery()";

    /**
     * The role when its sessions start their transactions read-only (the role's or database's
     * default_transaction_read_only); no row when they may write.
     */
    public static final String READ_ONLY_ROLE =
            "SELECT current_user WHERE current_setting('default_transaction_read_only')::bool";

    /** The oid of a relation named as SQL (quoted and qualified, as PartitionOf holds it). */
    public static final String OID = "SELECT to_regclass(?)::oid::bigint";

    /** Whether a recast run holds the table's job lock (see JobLock), and its pid. */
    public static final String JOB_LOCK_HOLDER = """
            SELECT l.pid FROM pg_locks l
            WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
              AND l.classid::bigint = ? AND l.objid::bigint = ?
            """;

    /**
     * Size and statistics of one table. The tuple counters of pg_stat_user_tables are cumulative
     * since the database's statistics were last reset (or, if never, since the server started; a
     * crash also resets them), so {@code writes / seconds} is an average over that time.
     */
    public static final String SIZE = """
            SELECT pg_total_relation_size(c.oid) AS total_bytes, pg_table_size(c.oid) AS heap_bytes,
                   pg_indexes_size(c.oid) AS index_bytes, greatest(c.reltuples, 0)::bigint AS reltuples,
                   coalesce(s.n_live_tup, 0) AS live, coalesce(s.n_dead_tup, 0) AS dead,
                   coalesce(s.n_tup_ins + s.n_tup_upd + s.n_tup_del, 0) AS writes,
                   date_trunc('second', coalesce(d.stats_reset, pg_postmaster_start_time()))::text AS since,
                   greatest(extract(epoch FROM now() - coalesce(d.stats_reset, pg_postmaster_start_time())), 1)::float8
                       AS seconds
            FROM pg_class c
            LEFT JOIN pg_stat_user_tables s ON s.relid = c.oid
            LEFT JOIN pg_stat_database d ON d.datname = current_database()
            WHERE c.oid = ?
            """;

    /**
     * Reads the rows of the backfill's first batch as its copy does ({@code SELECT} copied columns
     * {@code FROM ONLY} the table, up to a key bound; see BackfillSql.copy) and returns their count,
     * their size and the size of their keys, so every column, TOASTed ones included, is read.
     * Nothing is written: the rows end in an aggregate instead of the shadow.
     *
     * @param hasUpper whether the read stops at a key bound (BackfillSql.nextBound found one)
     */
    public static String sampleRead(TableDefinition t, boolean hasUpper) {
        KeyColumns k = t.key();
        String cols = Sql.idents(t.copiedColumns().stream().map(c -> c.name()).toList());
        String key = k.columns().stream().map(c -> "s." + ident(c)).collect(Collectors.joining(", "));
        String bound = hasUpper ? " WHERE (" + Sql.idents(k.columns()) + ") <= " + IntStream.range(0, k.size())
                .mapToObj(i -> "CAST(? AS " + k.types().get(i) + ")").collect(Collectors.joining(", ", "(", ")")) : "";
        return "SELECT count(*), coalesce(sum(pg_column_size(s.*)), 0), coalesce(sum(pg_column_size(ROW(" + key
                + "))), 0) FROM (SELECT " + cols + " FROM ONLY " + t.qualified() + bound + ") AS s";
    }

    /**
     * Sessions of this database in a transaction open longer than the threshold (bind: milliseconds),
     * or idle in one at any age, and whether each holds a lock on one of the relations (bind: oids).
     * Without pg_read_all_stats, other roles' sessions show no state and are not found here.
     */
    public static final String LONG_TRANSACTIONS = """
            SELECT a.pid, coalesce(a.usename::text, '') AS usename, coalesce(a.application_name, '') AS app,
                   a.state, extract(epoch FROM now() - a.xact_start)::bigint AS xact_seconds,
                   left(regexp_replace(coalesce(a.query, ''), '\\s+', ' ', 'g'), 80) AS query,
                   (SELECT string_agg(DISTINCT l.mode, ', ') FROM pg_locks l
                    WHERE l.pid = a.pid AND l.granted AND l.locktype = 'relation'
                      AND l.relation::bigint = ANY (?)) AS table_locks
            FROM pg_stat_activity a
            WHERE a.datname = current_database() AND a.pid <> pg_backend_pid() AND a.backend_type = 'client backend'
              AND a.xact_start IS NOT NULL
              AND (a.state LIKE 'idle in transaction%' OR a.xact_start < now() - CAST(? AS bigint) * interval '1 millisecond')
            ORDER BY a.xact_start
            """;

    /** Sessions of this database whose state pg_stat_activity hides from us (other roles'). */
    public static final String HIDDEN_SESSIONS = """
            SELECT count(*) FROM pg_stat_activity a
            WHERE a.datname = current_database() AND a.pid <> pg_backend_pid() AND a.backend_type = 'client backend'
              AND a.state IS NULL
            """;

    /** Prepared transactions with the locks each holds on the relations (bind: oids); the cut-over's query. */
    public static final String PREPARED = BlockerSql.preparedTransactions();

    /** Every replication slot; retained WAL is unknown on a standby (pg_current_wal_lsn() fails there). */
    public static final String SLOTS = """
            SELECT s.slot_name::text AS slot_name, s.slot_type, coalesce(s.database::text, '') AS database, s.active,
                   CASE WHEN NOT pg_is_in_recovery() AND s.restart_lsn IS NOT NULL
                        THEN pg_wal_lsn_diff(pg_current_wal_lsn(), s.restart_lsn)::bigint END AS retained,
                   s.wal_status, s.safe_wal_size
            FROM pg_replication_slots s
            ORDER BY s.slot_name
            """;

    /**
     * The standbys streaming from this server. Without pg_read_all_stats the lag columns and the
     * state are NULL for other roles' connections.
     */
    public static final String STANDBYS = """
            SELECT r.pid, coalesce(r.application_name, '') AS app, coalesce(host(r.client_addr), '') AS addr, r.state,
                   (extract(epoch FROM r.replay_lag) * 1000)::bigint AS replay_ms,
                   CASE WHEN NOT pg_is_in_recovery() AND r.replay_lsn IS NOT NULL
                        THEN pg_wal_lsn_diff(pg_current_wal_lsn(), r.replay_lsn)::bigint END AS replay_bytes
            FROM pg_stat_replication r
            ORDER BY r.application_name, r.pid
            """;
}
