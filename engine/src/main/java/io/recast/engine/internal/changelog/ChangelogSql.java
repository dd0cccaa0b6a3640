package io.recast.engine.internal.changelog;

import static io.recast.engine.internal.sql.Sql.ident;

import io.recast.engine.internal.catalog.KeyColumns;
import io.recast.engine.internal.catalog.TableDefinition;
import io.recast.engine.internal.runtime.ArtifactNames;
import io.recast.engine.internal.sql.Sql;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** SQL of the change log: the recast schema, the job table, the log table, its trigger function and triggers. */
public final class ChangelogSql {
    /** Marks a schema we created, so that we only ever drop our own. */
    public static final String SCHEMA_COMMENT = "created by recast; dropped by recast when no run needs it";

    private ChangelogSql() {
    }

    public static String createSchema() {
        return "CREATE SCHEMA IF NOT EXISTS " + ident(ArtifactNames.SCHEMA);
    }

    public static String commentSchema() {
        return "COMMENT ON SCHEMA " + ident(ArtifactNames.SCHEMA) + " IS " + Sql.literal(SCHEMA_COMMENT);
    }

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
                       EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.pid = j.pid) AS alive
                FROM %s j
                WHERE j.finished_at IS NULL OR j.finished_at > now() - interval '1 day'
                ORDER BY j.finished_at IS NULL DESC, j.job_id DESC
                """.formatted(ArtifactNames.qJobs());
    }

    public static String insertJob() {
        return "INSERT INTO " + ArtifactNames.qJobs() + " (table_oid, table_name, phase, options, definition_hash) "
                + "VALUES (?, ?, ?, ?, ?) RETURNING job_id";
    }

    /** The newest unfinished job on a table (by its oid before any swap), for `recast resume`. */
    public static String unfinishedJob() {
        return "SELECT job_id, phase, last_key, rows_copied, coalesce(rows_replayed, 0) AS rows_replayed, options, "
                + "definition_hash, EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.pid = j.pid) AS alive FROM "
                + ArtifactNames.qJobs() + " j WHERE table_oid = ? AND finished_at IS NULL ORDER BY job_id DESC LIMIT 1";
    }

    /** A resumed job is this process's now. */
    public static String adoptJob() {
        return "UPDATE " + ArtifactNames.qJobs() + " SET pid = pg_backend_pid(), requested = NULL, updated_at = now() "
                + "WHERE job_id = ?";
    }

    public static String updatePhase() {
        return "UPDATE " + ArtifactNames.qJobs() + " SET phase = ?, updated_at = now() WHERE job_id = ?";
    }

    public static String finishJob() {
        return "UPDATE " + ArtifactNames.qJobs()
                + " SET finished_at = now(), updated_at = now(), outcome = ? WHERE job_id = ?";
    }

    /** The log's name for the i-th key column (0-based): k1, k2, ... so no key name can clash with id. */
    public static String logColumn(int i) {
        return "k" + (i + 1);
    }

    public static String logColumns(int n) {
        return java.util.stream.IntStream.range(0, n).mapToObj(ChangelogSql::logColumn)
                .collect(Collectors.joining(", "));
    }

    /** The log: one row per changed key; a row of NULL keys marks a TRUNCATE. */
    public static String createLog(TableDefinition t, ArtifactNames n) {
        KeyColumns k = t.key();
        List<String> cols = new ArrayList<>();
        cols.add("id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY");
        for (int i = 0; i < k.size(); i++) {
            String collation = k.collations().get(i);
            cols.add(logColumn(i) + " " + k.types().get(i)
                    + (collation == null ? "" : " COLLATE " + collation));
        }
        return "CREATE TABLE " + n.qLog() + " (" + String.join(", ", cols) + ")";
    }

    /**
     * The trigger function. SECURITY DEFINER so that the application's roles need no privilege on
     * the recast schema; a fixed search_path, as the manual asks of such functions (CREATE
     * FUNCTION, "Writing SECURITY DEFINER Functions Safely").
     */
    public static String createFunction(TableDefinition t, ArtifactNames n) {
        List<String> key = t.key().columns();
        String cols = logColumns(key.size());
        String fromNew = key.stream().map(c -> "NEW." + ident(c)).collect(Collectors.joining(", "));
        String fromOld = key.stream().map(c -> "OLD." + ident(c)).collect(Collectors.joining(", "));
        String nulls = key.stream().map(c -> "NULL").collect(Collectors.joining(", "));
        String insert = "INSERT INTO " + n.qLog() + " (" + cols + ") VALUES ";
        return """
                CREATE FUNCTION %s() RETURNS trigger
                LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $recast$
                BEGIN
                    IF TG_OP = 'INSERT' THEN
                        %s(%s);
                    ELSIF TG_OP = 'DELETE' THEN
                        %s(%s);
                    ELSIF TG_OP = 'UPDATE' THEN
                        %s(%s);
                        IF ROW(%s) IS DISTINCT FROM ROW(%s) THEN
                            %s(%s);
                        END IF;
                    ELSE
                        %s(%s);
                    END IF;
                    RETURN NULL;
                END
                $recast$""".formatted(n.qFunction(), insert, fromNew, insert, fromOld, insert, fromNew,
                fromOld, fromNew, insert, fromOld, insert, nulls);
    }

    /**
     * Replaces the trigger function by one that does nothing: no lock on the user's table needed,
     * and every later call, in any session, runs the new body. For a trigger cleanup cannot drop.
     */
    public static String disableFunction(ArtifactNames n) {
        return "CREATE OR REPLACE FUNCTION " + n.qFunction() + "() RETURNS trigger LANGUAGE plpgsql "
                + "SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $recast$BEGIN RETURN NULL; END$recast$";
    }

    public static String createTrigger(TableDefinition t, ArtifactNames n) {
        return "CREATE TRIGGER " + ident(n.trigger()) + " AFTER INSERT OR UPDATE OR DELETE ON " + t.qualified()
                + " FOR EACH ROW EXECUTE FUNCTION " + n.qFunction() + "()";
    }

    public static String createTruncateTrigger(TableDefinition t, ArtifactNames n) {
        return "CREATE TRIGGER " + ident(n.truncateTrigger()) + " AFTER TRUNCATE ON " + t.qualified()
                + " FOR EACH STATEMENT EXECUTE FUNCTION " + n.qFunction() + "()";
    }

    /** Fires under session_replication_role = replica too (logical replication apply). */
    public static List<String> enableAlways(TableDefinition t, ArtifactNames n) {
        return List.of(
                "ALTER TABLE " + t.qualified() + " ENABLE ALWAYS TRIGGER " + ident(n.trigger()),
                "ALTER TABLE " + t.qualified() + " ENABLE ALWAYS TRIGGER " + ident(n.truncateTrigger()));
    }

    public static List<String> dropTriggers(String qualifiedTable, ArtifactNames n) {
        return List.of(
                "DROP TRIGGER IF EXISTS " + ident(n.trigger()) + " ON " + qualifiedTable,
                "DROP TRIGGER IF EXISTS " + ident(n.truncateTrigger()) + " ON " + qualifiedTable);
    }

    public static String dropLog(ArtifactNames n) {
        return "DROP TABLE IF EXISTS " + n.qLog();
    }

    public static String dropFunction(ArtifactNames n) {
        return "DROP FUNCTION IF EXISTS " + n.qFunction() + "()";
    }

    /** Upper bound of the rows waiting, read from the two ends of the id index. */
    public static String backlog(ArtifactNames n) {
        return "SELECT coalesce(max(id) - min(id) + 1, 0) FROM " + n.qLog();
    }
}
