package io.recast.engine.testkit;

import io.recast.engine.api.Phase;
import io.recast.engine.api.RewriteListener;
import io.recast.engine.internal.backfill.Backfill;
import io.recast.engine.internal.backfill.BackfillSql;
import io.recast.engine.internal.catalog.TableDefinition;
import io.recast.engine.internal.catalog.TableInspector;
import io.recast.engine.internal.changelog.ChangeLog;
import io.recast.engine.internal.changelog.ChangelogSql;
import io.recast.engine.internal.job.JobTable;
import io.recast.engine.internal.replay.Replayer;
import io.recast.engine.internal.runtime.ArtifactNames;
import io.recast.engine.internal.runtime.Cancellation;
import io.recast.engine.internal.runtime.Progress;
import io.recast.engine.internal.shadow.ShadowIndexSql;
import io.recast.engine.internal.shadow.ShadowSql;
import io.recast.engine.internal.sql.Jdbc;
import io.recast.engine.internal.sql.Sessions;
import io.recast.engine.internal.sql.Sql;
import io.recast.engine.internal.throttle.Throttler;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * The engine's steps one at a time on one table, for the benchmarks: each method runs the
 * engine's own code or SQL for one step (shadow, backfill, change log, replay), on the session it
 * was created with, so that a benchmark measures the engine and not a copy of it without reaching
 * into {@code io.recast.engine.internal}. Nothing here orders the steps, takes the job lock or
 * cleans up after a failure: the caller does, as a benchmark's setup and tear-down do.
 *
 * <p>Not thread-safe; one harness per session.
 */
public final class StepHarness {
    private static final String TAG = "bench";

    private final Connection c;
    private final TableDefinition table;
    private final ArtifactNames names;
    private final Replayer replayer;

    private StepHarness(Connection c, TableDefinition table, ArtifactNames names) {
        this.c = c;
        this.table = table;
        this.names = names;
        this.replayer = new Replayer(table, names);
    }

    /**
     * Resolves {@code table} (as a user would name it, e.g. {@code bench.src}) and reads its
     * definition and artifact names as the engine does before a run.
     *
     * @param c a session from {@link #openSession}; the harness runs everything on it
     */
    public static StepHarness inspect(Connection c, String table) throws SQLException {
        TableInspector inspector = new TableInspector();
        long oid = inspector.resolve(c, table);
        return new StepHarness(c, inspector.inspect(c, oid), new ArtifactNames(oid));
    }

    /** A session set up as the engine's own (search_path pg_catalog, no timeouts), named "recast: role". */
    public static Connection openSession(DataSource ds, String role) throws SQLException {
        return Sessions.open(ds, role);
    }

    /** Rolls back what is open, resets the session and closes it; never throws. */
    public static void closeSession(Connection c) {
        Sessions.close(c);
    }

    /** A name quoted as the engine quotes it. */
    public static String ident(String raw) {
        return Sql.ident(raw);
    }

    /** schema.name, each quoted as the engine quotes it. */
    public static String qualified(String schema, String name) {
        return Sql.qualified(schema, name);
    }

    /** A string literal for statements that take no bind parameters (COMMENT ON ... IS). */
    public static String literal(String value) {
        return Sql.literal(value);
    }

    /** The table's quoted, qualified name as the engine renders it. */
    public String qualifiedTable() {
        return table.qualified();
    }

    /** The shadow's quoted, qualified name. */
    public String qualifiedShadow() {
        return names.qShadow();
    }

    /** Creates the recast schema and its job table when missing, as every run does first. */
    public void ensureSchema() throws SQLException {
        ChangeLog.ensureSchema(c);
    }

    /** Records a job for the table in the job table (the backfill writes its progress there). */
    public long insertJob(Phase phase) throws SQLException {
        return JobTable.insert(c, names.oid(), table.displayName(), phase, null, null);
    }

    /** Deletes the job row {@link #insertJob} made. */
    public void deleteJob(long jobId) throws SQLException {
        Jdbc.update(c, TAG, "DELETE FROM " + ArtifactNames.qJobs() + " WHERE job_id = ?", jobId);
    }

    /**
     * Creates the shadow with the engine's statements, in one transaction. With {@code keyIndex}
     * the table's key also becomes the shadow's primary key before any row is copied (the engine
     * builds indexes only after the backfill).
     */
    public void createShadow(boolean keyIndex) throws SQLException {
        Jdbc.transaction(c, () -> {
            for (String s : ShadowSql.create(table, names)) {
                Jdbc.exec(c, TAG, s);
            }
            if (keyIndex) {
                Jdbc.exec(c, TAG, "ALTER TABLE " + names.qShadow() + " ADD PRIMARY KEY ("
                        + Sql.idents(table.key().columns()) + ")");
            }
            return null;
        });
    }

    /** Drops the shadow if it exists. */
    public void dropShadow() throws SQLException {
        Jdbc.exec(c, TAG, ShadowSql.drop(names));
    }

    /**
     * Copies the whole table with the engine's backfill loop: a fixed batch of {@code batchRows},
     * no throttle, one transaction per batch that also records the progress in job {@code jobId}.
     *
     * @return the rows copied
     */
    public long backfill(long jobId, int batchRows) throws SQLException {
        Clock clock = Clock.systemUTC();
        Progress progress = new Progress(table.displayName(), RewriteListener.NONE, clock);
        new Backfill(table, names, batchRows)
                .run(c, jobId, new Throttler(0, Duration.ZERO, clock), progress, new Cancellation());
        return progress.rowsCopied();
    }

    /**
     * The backfill's copy statement without bounds: the whole table in one INSERT ... SELECT, in
     * autocommit (one commit).
     *
     * @return the rows copied
     */
    public long insertSelect() throws SQLException {
        return Jdbc.update(c, TAG, BackfillSql.copy(table, names, false, false));
    }

    /**
     * Fills the shadow with every row of the table in one statement, then builds what the engine
     * adds after its backfill (indexes, constraints).
     */
    public void fillShadow() throws SQLException {
        Jdbc.exec(c, TAG, "INSERT INTO " + names.qShadow() + " SELECT * FROM " + table.qualified());
        for (String s : ShadowIndexSql.afterBackfill(table, names)) {
            Jdbc.exec(c, TAG, s);
        }
    }

    /**
     * Creates the change log and its function, then installs the triggers as the engine does
     * (lock_timeout 5 s, 3 attempts): every write that commits afterwards is logged.
     */
    public void installChangeLog() throws SQLException {
        ChangeLog.createLog(c, table, names);
        ChangeLog.installTriggers(c, table, names, Duration.ofSeconds(5), 3, new Cancellation(), m -> { });
    }

    /** Drops the triggers, the log and the trigger function. */
    public void removeChangeLog() throws SQLException {
        for (String s : ChangelogSql.dropTriggers(table.qualified(), names)) {
            Jdbc.exec(c, TAG, s);
        }
        Jdbc.exec(c, TAG, ChangelogSql.dropLog(names));
        Jdbc.exec(c, TAG, ChangelogSql.dropFunction(names));
    }

    /** The log rows not yet replayed. */
    public long backlog() throws SQLException {
        return ChangeLog.backlog(c, names);
    }

    /**
     * Replays every logged key into the shadow with the engine's replayer, {@code batchRows} log
     * rows per batch, each batch in its own transaction, until the log is empty.
     *
     * @return the log rows applied
     */
    public int replayAll(int batchRows) throws SQLException {
        int total = 0;
        c.setAutoCommit(false);
        try {
            int n;
            while ((n = replayer.applyBatch(c, batchRows)) > 0) {
                c.commit();
                total += n;
            }
            c.commit();
        } finally {
            c.setAutoCommit(true);
        }
        return total;
    }

    /** The rows in the shadow. */
    public long shadowRows() throws SQLException {
        return Jdbc.queryLong(c, "SELECT count(*) FROM " + names.qShadow());
    }
}
