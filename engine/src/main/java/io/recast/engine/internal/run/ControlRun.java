package io.recast.engine.internal.run;

import io.recast.engine.api.CleanupOptions;
import io.recast.engine.api.DatabaseException;
import io.recast.engine.api.JobRequest;
import io.recast.engine.api.JobStatus;
import io.recast.engine.api.NotEligibleException;
import io.recast.engine.internal.catalog.TableInspector;
import io.recast.engine.internal.job.JobTable;
import io.recast.engine.internal.plan.Planner;
import io.recast.engine.internal.sql.Sessions;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;

/**
 * recast status, pause, resume (of a paused job), abort and cut-over: the job table read and written.
 */
public final class ControlRun {
    private final RunContext ctx;

    public ControlRun(RunContext ctx) {
        this.ctx = ctx;
    }

    /**
     * The jobs in the job table: running ones, ones whose process died before they finished, and
     * those finished in the last day. Empty when there is no job table.
     */
    public List<JobStatus> jobs() {
        Connection c = null;
        try {
            c = Sessions.open(ctx.dataSource(), "status");
            return JobTable.list(c, rs -> {
                double eta = rs.getDouble("eta_seconds");
                boolean noEta = rs.wasNull();
                return new JobStatus(rs.getLong("job_id"), rs.getString("table_name"), rs.getString("phase"),
                        rs.getLong("rows_copied"), rs.getLong("rows_estimate"), rs.getLong("rows_replayed"),
                        rs.getLong("backlog"), rs.getString("throttle"),
                        noEta ? null : Duration.ofMillis(Math.round(eta * 1000)), rs.getString("requested"),
                        rs.getInt("pid"), rs.getBoolean("alive"), rs.getObject("started_at", OffsetDateTime.class),
                        rs.getObject("updated_at", OffsetDateTime.class),
                        rs.getObject("finished_at", OffsetDateTime.class), rs.getString("outcome"));
            });
        } catch (SQLException e) {
            throw new DatabaseException("reading the job table failed", e);
        } finally {
            Sessions.close(c);
        }
    }

    /**
     * Asks the running job on the table to pause, go on, abort or cut over; the job reads the
     * request within its throttle interval. ABORT of a job whose process died removes what it left.
     */
    public List<JobStatus> request(String table, JobRequest request) {
        Connection c = null;
        try {
            c = Sessions.open(ctx.dataSource(), "control");
            long oid = new TableInspector().resolve(c, table);
            String name = Planner.qualifiedName(c, oid);
            List<JobStatus> unfinished = jobs().stream().filter(j -> !j.finishedJob() && j.table().equals(name)).toList();
            List<JobStatus> live = unfinished.stream().filter(JobStatus::alive).toList();
            if (live.isEmpty() && request == JobRequest.ABORT && !unfinished.isEmpty()) {
                new CleanupRun(ctx).run(table, CleanupOptions.defaults()); // its process is gone: abort is removing what it left
                return List.of();
            }
            if (live.isEmpty()) {
                throw new NotEligibleException(request.name().toLowerCase(Locale.ROOT), name, List.of(
                        "no running recast job works on it" + (unfinished.isEmpty() ? "" : " (a job whose process died "
                                + "left its artifacts: recast resume --table " + name + " goes on with it, recast "
                                + "cleanup --table " + name + " removes them)")));
            }
            JobTable.request(c, oid, request.name().toLowerCase(Locale.ROOT));
            return live;
        } catch (SQLException e) {
            throw new DatabaseException(request.name().toLowerCase(Locale.ROOT) + " of " + table + " failed", e);
        } finally {
            Sessions.close(c);
        }
    }
}
