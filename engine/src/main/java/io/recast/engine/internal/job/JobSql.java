package io.recast.engine.internal.job;

import io.recast.engine.internal.runtime.ArtifactNames;

/** SQL of the job table: one row per run, its progress, and what `recast pause|resume|abort|cut-over` asks of it. */
public final class JobSql {
    private JobSql() {
    }

    /** The run's lock on its table, held by its session; bind {@link ArtifactNames#jobLockKey()}. */
    static final String TRY_LOCK = "SELECT pg_try_advisory_lock(?)";

    /** Who holds a table's job lock; bind the key's high and low 32 bits. */
    static final String LOCK_HOLDER = """
            SELECT 'pid ' || l.pid || coalesce(', application "' || a.application_name || '"', '')
                   || coalesce(', client ' || host(a.client_addr), '')
                   || coalesce(', since ' || date_trunc('second', a.backend_start)::text, '')
            FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
              AND l.classid::bigint = ? AND l.objid::bigint = ?
            """;

    /** Keeps the recast schema from being dropped while the run needs it; bind {@link ArtifactNames#SCHEMA_LOCK_KEY}. */
    static final String LOCK_SCHEMA_SHARED = "SELECT pg_advisory_lock_shared(?)";

    static final String UNLOCK_ALL = "SELECT pg_advisory_unlock_all()";

    static final String BACKEND_PID = "SELECT pg_backend_pid()";

    /**
     * Ends sessions of an earlier attempt of this run that the server still keeps (a connection lost
     * on the network, not on the server), so they release the job lock and whatever they held; bind
     * the pids. Only recast's own sessions, by their application_name.
     */
    public static final String TERMINATE_OWN = "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            + "WHERE pid = ANY (?) AND pid <> pg_backend_pid() AND application_name LIKE 'recast%'";

    /**
     * Whether the job's process works on it: its row names the worker's backend, which must still
     * run as recast's worker (a pool keeps a closed session's backend, renamed when it is reset).
     */
    private static final String ALIVE = "EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.pid = j.pid "
            + "AND a.application_name = 'recast: worker')";

    /** One row per run; the backfill's progress is committed with each batch. */
    public static String createJobs() {
        return """
                CREATE TABLE IF NOT EXISTS %s (
                    job_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    table_oid oid NOT NULL,
                    table_name text NOT NULL,
                    phase text NOT NULL,
                    rows_copied bigint NOT NULL DEFAULT 0,
                    last_key text[],
                    pid integer NOT NULL DEFAULT pg_backend_pid(),
                    started_at timestamptz NOT NULL DEFAULT now(),
                    updated_at timestamptz NOT NULL DEFAULT now(),
                    finished_at timestamptz,
                    outcome text
                )""".formatted(ArtifactNames.qJobs());
    }

    /**
     * Whether the job table is logged while a FOR ALL TABLES publication exists; bind its qualified name.
     * Unlogged, its rows stay off the subscribers; a crash empties it with the unlogged change logs, so a
     * job row that is still there proves its log was not emptied.
     */
    static final String LOGGED_UNDER_ALL_TABLES_PUBLICATION = "SELECT EXISTS (SELECT 1 FROM pg_publication WHERE "
            + "puballtables) AND (SELECT relpersistence = 'p' FROM pg_class WHERE oid = to_regclass(?))";

    static String unlogJobs() {
        return "ALTER TABLE " + ArtifactNames.qJobs() + " SET UNLOGGED";
    }

    /** Whether the job table has the newest column; bind the job table's qualified name. */
    static final String UP_TO_DATE = "SELECT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass(?) "
            + "AND attname = 'definition_hash' AND NOT attisdropped)";

    /**
     * The columns `recast status`, pause, resume and abort use; added to a job table that an older
     * version made.
     */
    public static String upgradeJobs() {
        return "ALTER TABLE " + ArtifactNames.qJobs() + " ADD COLUMN IF NOT EXISTS requested text, "
                + "ADD COLUMN IF NOT EXISTS throttle text, ADD COLUMN IF NOT EXISTS backlog bigint, "
                + "ADD COLUMN IF NOT EXISTS rows_replayed bigint, ADD COLUMN IF NOT EXISTS rows_estimate bigint, "
                + "ADD COLUMN IF NOT EXISTS eta_seconds float8, ADD COLUMN IF NOT EXISTS options text, "
                + "ADD COLUMN IF NOT EXISTS definition_hash text";
    }

    /** Whether a relation exists; bind the job table's qualified name. */
    static final String EXISTS = "SELECT to_regclass(?) IS NOT NULL";

    /** Dropped only with the recast schema, when no run needs it. */
    public static String dropJobs() {
        return "DROP TABLE IF EXISTS " + ArtifactNames.qJobs();
    }

    /** What the job reports, at most once per throttle interval. */
    public static String reportJob() {
        return "UPDATE " + ArtifactNames.qJobs() + " SET throttle = ?, backlog = ?, rows_replayed = ?, rows_estimate = ?, "
                + "eta_seconds = ?, updated_at = now() WHERE job_id = ? RETURNING requested";
    }

    /** Asks the live job(s) on a table to pause, resume or abort; returns the job ids and pids. */
    public static String requestJob() {
        return "UPDATE " + ArtifactNames.qJobs() + " SET requested = ? WHERE finished_at IS NULL AND table_oid = ? "
                + "RETURNING job_id, pid";
    }

    public static String listJobs() {
        return """
                SELECT j.job_id, j.table_name, j.phase, j.rows_copied, coalesce(j.rows_estimate, 0) AS rows_estimate,
                       coalesce(j.rows_replayed, 0) AS rows_replayed, coalesce(j.backlog, 0) AS backlog, j.throttle,
                       j.eta_seconds, j.requested, j.pid, j.started_at, j.updated_at, j.finished_at, j.outcome,
                       %s AS alive
                FROM %s j
                WHERE j.finished_at IS NULL OR j.finished_at > now() - interval '1 day'
                ORDER BY j.finished_at IS NULL DESC, j.job_id DESC
                """.formatted(ALIVE, ArtifactNames.qJobs());
    }

    public static String insertJob() {
        return "INSERT INTO " + ArtifactNames.qJobs() + " (table_oid, table_name, phase, options, definition_hash) "
                + "VALUES (?, ?, ?, ?, ?) RETURNING job_id";
    }

    /** The newest unfinished job on a table (by its oid before any swap), for `recast resume`. */
    public static String unfinishedJob() {
        return "SELECT job_id, phase, last_key, rows_copied, coalesce(rows_replayed, 0) AS rows_replayed, options, "
                + "definition_hash, pid, " + ALIVE + " AS alive FROM "
                + ArtifactNames.qJobs() + " j WHERE table_oid = ? AND finished_at IS NULL ORDER BY job_id DESC LIMIT 1";
    }

    /** Unfinished jobs on a table, by its current oid or its name: job id and the oid they work on. */
    public static String unfinishedJobs() {
        return "SELECT job_id, table_oid::bigint FROM " + ArtifactNames.qJobs()
                + " WHERE finished_at IS NULL AND (table_oid = ? OR table_name = ?) ORDER BY job_id";
    }

    public static String activeJobs() {
        return "SELECT count(*) FROM " + ArtifactNames.qJobs() + " WHERE finished_at IS NULL";
    }

    /** A resumed job is this process's now. */
    public static String adoptJob() {
        return "UPDATE " + ArtifactNames.qJobs() + " SET pid = pg_backend_pid(), requested = NULL, updated_at = now() "
                + "WHERE job_id = ?";
    }

    /** What `recast pause|abort|...` last asked of the job; in the swap, FOR UPDATE keeps a later ask waiting. */
    public static String requested() {
        return "SELECT requested FROM " + ArtifactNames.qJobs() + " WHERE job_id = ? FOR UPDATE";
    }

    public static String jobPhase() {
        return "SELECT phase FROM " + ArtifactNames.qJobs() + " WHERE job_id = ?";
    }

    public static String updatePhase() {
        return "UPDATE " + ArtifactNames.qJobs() + " SET phase = ?, updated_at = now() WHERE job_id = ?";
    }

    /** Committed in the backfill batch's own transaction, so no batch is ever counted or run twice. */
    public static String progress() {
        return "UPDATE " + ArtifactNames.qJobs()
                + " SET rows_copied = rows_copied + ?, last_key = ?, phase = 'backfill', updated_at = now() WHERE job_id = ?";
    }

    /** A stopped job's outcome, the row left unfinished for the clean-up. */
    public static String stoppedJob() {
        return "UPDATE " + ArtifactNames.qJobs() + " SET outcome = ?, updated_at = now() WHERE job_id = ?";
    }

    public static String finishJob() {
        return "UPDATE " + ArtifactNames.qJobs()
                + " SET finished_at = now(), updated_at = now(), outcome = ? WHERE job_id = ?";
    }
}
