package io.recast.engine.internal.run;

import io.recast.engine.api.CleanupOptions;
import io.recast.engine.api.CleanupReport;
import io.recast.engine.api.ConcurrentRunException;
import io.recast.engine.api.DatabaseException;
import io.recast.engine.api.InvalidOptionsException;
import io.recast.engine.api.NotEligibleException;
import io.recast.engine.internal.catalog.TableInspector;
import io.recast.engine.internal.cleanup.Cleanup;
import io.recast.engine.internal.job.JobLock;
import io.recast.engine.internal.job.JobTable;
import io.recast.engine.internal.plan.Planner;
import io.recast.engine.internal.runtime.ArtifactNames;
import io.recast.engine.internal.sql.Sessions;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * recast cleanup: what runs on a table left behind, removed under the table's job lock.
 */
public final class CleanupRun {
    private final RunContext ctx;

    public CleanupRun(RunContext ctx) {
        this.ctx = ctx;
    }

    /**
     * Removes every artifact that runs on the table left behind: after a crash, from a fresh
     * process. Safe to run twice. Refuses while a run is alive on the table. Each drop waits at
     * most the options' lock timeout, retried for the options' drop timeout; what still cannot be dropped is reported in
     * {@link CleanupReport#remaining()}.
     */
    public CleanupReport run(String table, CleanupOptions options) {
        if (table == null || table.isBlank()) {
            throw new InvalidOptionsException("table must not be empty");
        }
        Duration lockTimeout = options.lockTimeout();
        Connection c = null;
        try {
            c = Sessions.open(ctx.dataSource(), "cleanup");
            long oid;
            try {
                oid = new TableInspector().resolve(c, table);
            } catch (NotEligibleException e) {
                throw new NotEligibleException("clean up", table, e.reasons());
            }
            List<Long> oids = new ArrayList<>();
            List<Long> jobs = new ArrayList<>();
            String qualifiedName = Planner.qualifiedName(c, oid);
            for (long[] job : JobTable.unfinished(c, oid, qualifiedName)) {
                jobs.add(job[0]);
                if (!oids.contains(job[1])) {
                    oids.add(job[1]);
                }
            }
            if (!oids.contains(oid)) {
                oids.add(oid);
            }
            for (long o : oids) {
                // a run that is reconnecting holds no job lock for a moment, but its worker still lives
                Integer pid = JobTable.unfinishedJob(c, o, rs -> rs.getBoolean("alive") ? rs.getInt("pid") : null)
                        .orElse(null);
                if (pid != null) {
                    throw new ConcurrentRunException("a recast run is working on " + qualifiedName + " (pid " + pid
                            + "); stop it first with recast abort --table " + qualifiedName + ", or wait for it");
                }
            }
            List<String> dropped = new ArrayList<>();
            List<String> remaining = new ArrayList<>();
            boolean schemaDropped;
            // the table's own job lock is held throughout: no run can start on it meanwhile
            try (JobLock own = JobLock.acquire(ctx.dataSource(), new ArtifactNames(oid), qualifiedName)) {
                for (long o : oids) {
                    try (JobLock earlier = o == oid ? null : JobLock.acquire(ctx.dataSource(), new ArtifactNames(o), qualifiedName)) {
                        Cleanup.Outcome outcome = Cleanup.dropArtifacts(c, o, true, lockTimeout, options.dropTimeout(),
                                m -> ctx.listener().warning(qualifiedName, m));
                        dropped.addAll(outcome.dropped());
                        remaining.addAll(outcome.remaining());
                    }
                }
                if (remaining.isEmpty()) {
                    for (long job : jobs) {
                        JobTable.finish(c, job, "cleaned up");
                    }
                }
                schemaDropped = Cleanup.dropSchemaIfIdle(own.connection());
            }
            return new CleanupReport(qualifiedName, dropped, remaining, schemaDropped);
        } catch (SQLException e) {
            throw new DatabaseException("cleanup of " + table + " failed", e);
        } finally {
            Sessions.close(c);
        }
    }
}
