package io.recast.engine.internal.job;

import io.recast.engine.api.Phase;
import io.recast.engine.api.ProgressSnapshot;
import io.recast.engine.internal.catalog.TableInspector;
import io.recast.engine.internal.runtime.ArtifactNames;
import io.recast.engine.internal.sql.Jdbc;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * The job table's rows: one per run, written by the run as it goes and read by `recast status`,
 * `resume` and `cleanup`. Each method runs in the caller's transaction, if any.
 */
public final class JobTable {
    private JobTable() {
    }

    /**
     * Creates the job table if missing and adds the columns an older version's table lacks; in the
     * caller's transaction, which also creates the recast schema.
     */
    public static void create(Connection c) throws SQLException {
        Jdbc.exec(c, "schema", JobSql.createJobs());
        if (!Jdbc.queryBoolean(c, JobSql.UP_TO_DATE, ArtifactNames.qJobs())) {
            Jdbc.exec(c, "schema", JobSql.upgradeJobs()); // a job table of an older version
        }
        if (Jdbc.queryBoolean(c, JobSql.LOGGED_UNDER_ALL_TABLES_PUBLICATION, ArtifactNames.qJobs())) {
            // a FOR ALL TABLES publication would send the job rows to subscribers that lack the table
            Jdbc.exec(c, "schema", JobSql.unlogJobs());
        }
    }

    /** Whether the job table is unlogged (see {@link #create}); false without one. */
    public static boolean unlogged(Connection c) throws SQLException {
        return TableInspector.unlogged(c, ArtifactNames.qJobs());
    }

    /** Whether the job table exists (it goes with the recast schema when no run needs it). */
    public static boolean exists(Connection c) throws SQLException {
        return Jdbc.queryBoolean(c, JobSql.EXISTS, ArtifactNames.qJobs());
    }

    /** A new job in {@code phase}; returns its id. */
    public static long insert(Connection c, long tableOid, String tableName, Phase phase, String options,
                              String definitionHash) throws SQLException {
        return Jdbc.queryLong(c, JobSql.insertJob(), tableOid, tableName, phase.label(), options, definitionHash);
    }

    /** A resumed job is this process's now: its pid, and no request pending. */
    public static void adopt(Connection c, long jobId) throws SQLException {
        Jdbc.update(c, "job", JobSql.adoptJob(), jobId);
    }

    public static void phase(Connection c, long jobId, Phase p) throws SQLException {
        Jdbc.update(c, "job", JobSql.updatePhase(), p.label(), jobId);
    }

    /** Marks the job swapped, in the cut-over's transaction: from then on only the old table is left to drop. */
    public static void swapped(Connection c, long jobId) throws SQLException {
        Jdbc.update(c, "swap", JobSql.updatePhase(), "swapped", jobId);
    }

    /** Whether `recast abort` asked the job to stop, read (and the row locked) in the caller's transaction. */
    public static boolean abortRequested(Connection c, long jobId) throws SQLException {
        return "abort".equals(Jdbc.queryOne(c, JobSql.requested(), rs -> rs.getString(1), jobId).orElse(null));
    }

    /** Whether the job's swap committed: its row says so, in the swap's own transaction. */
    public static boolean isSwapped(Connection c, long jobId) throws SQLException {
        return "swapped".equals(Jdbc.queryOne(c, JobSql.jobPhase(), rs -> rs.getString(1), jobId).orElse(null));
    }

    /** A backfill batch's progress, in the batch's own transaction; {@code lastKey} null after the last batch. */
    public static void copied(Connection c, long jobId, long rows, String[] lastKey) throws SQLException {
        Jdbc.update(c, "progress", JobSql.progress(), rows, lastKey, jobId);
    }

    /** Writes the progress to the job's row; returns what was requested there (pause, abort, cutover), or null. */
    public static String report(Connection c, long jobId, ProgressSnapshot s) throws SQLException {
        return Jdbc.queryOne(c, JobSql.reportJob(), rs -> rs.getString(1), s.throttle(), s.backlog(), s.rowsReplayed(),
                s.rowsEstimate(), s.eta() == null ? null : s.eta().toMillis() / 1000.0, jobId).orElse(null);
    }

    /** Finishes the job with {@code outcome}; nothing when there is no job table. */
    /**
     * A job that stopped and could not remove everything: the row stays unfinished (the clean-up
     * finds it) and says why, what is left, and what to run; `recast status` shows it.
     */
    public static void stopped(Connection c, long jobId, String outcome) throws SQLException {
        if (exists(c)) {
            Jdbc.update(c, "job", JobSql.stoppedJob(), outcome, jobId);
        }
    }

    public static void finish(Connection c, long jobId, String outcome) throws SQLException {
        if (exists(c)) {
            Jdbc.update(c, "job", JobSql.finishJob(), outcome, jobId);
        }
    }

    /** Unfinished jobs on the table (by its current oid or its name): job id and oid; empty without a job table. */
    public static List<long[]> unfinished(Connection c, long oid, String name) throws SQLException {
        if (!exists(c)) {
            return List.of();
        }
        return Jdbc.query(c, JobSql.unfinishedJobs(), rs -> new long[] {rs.getLong(1), rs.getLong(2)}, oid, name);
    }

    /** Whether any job is unfinished; false without a job table. */
    public static boolean anyUnfinished(Connection c) throws SQLException {
        return exists(c) && Jdbc.queryLong(c, JobSql.activeJobs()) > 0;
    }

    /** The newest unfinished job on the table with {@code oid}, as {@code mapper} reads it. */
    public static <T> Optional<T> unfinishedJob(Connection c, long oid, Jdbc.RowMapper<T> mapper) throws SQLException {
        if (!exists(c)) {
            return Optional.empty();
        }
        return Jdbc.queryOne(c, JobSql.unfinishedJob(), mapper, oid);
    }

    /** Running jobs and those finished in the last day, as {@code mapper} reads them; empty without a job table. */
    public static <T> List<T> list(Connection c, Jdbc.RowMapper<T> mapper) throws SQLException {
        if (!exists(c)) {
            return List.of();
        }
        return Jdbc.query(c, JobSql.listJobs(), mapper);
    }

    /** Asks the live jobs on the table to pause, resume, abort or cut over; returns their ids. */
    public static List<Long> request(Connection c, long tableOid, String request) throws SQLException {
        return Jdbc.query(c, JobSql.requestJob(), rs -> rs.getLong(1), request, tableOid);
    }

    /** Drops the job table, in the caller's transaction that drops the recast schema. */
    public static void drop(Connection c) throws SQLException {
        Jdbc.exec(c, "cleanup", JobSql.dropJobs());
    }
}
