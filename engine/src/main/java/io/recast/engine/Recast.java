package io.recast.engine;

import io.recast.engine.api.AbortedException;
import io.recast.engine.api.CheckOptions;
import io.recast.engine.api.CheckReport;
import io.recast.engine.api.CleanupOptions;
import io.recast.engine.api.CleanupReport;
import io.recast.engine.api.DatabaseException;
import io.recast.engine.api.JobStatus;
import io.recast.engine.api.NotEligibleException;
import io.recast.engine.api.RewriteException;
import io.recast.engine.api.RewriteListener;
import io.recast.engine.api.RewriteOptions;
import io.recast.engine.api.RewriteResult;
import io.recast.engine.internal.catalog.TableDefinition;
import io.recast.engine.internal.catalog.TableInspector;
import io.recast.engine.internal.cleanup.Cleanup;
import io.recast.engine.internal.job.JobLock;
import io.recast.engine.internal.plan.Eligibility;
import io.recast.engine.internal.plan.RewritePlan;
import io.recast.engine.internal.run.RepackRun;
import io.recast.engine.internal.runtime.ArtifactNames;
import io.recast.engine.internal.runtime.Cancellation;
import io.recast.engine.internal.sql.Sessions;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * The engine's facade: plan, run and clean up online rewrites of PostgreSQL tables.
 *
 * <pre>{@code
 * Recast rewriter = Recast.builder(dataSource).listener(myListener).build();
 * RewriteResult r = rewriter.repack(RewriteOptions.builder("public.orders").batchRows(20_000).build());
 * }</pre>
 *
 * One instance runs one job at a time; {@link #cancel} may be called from any thread.
 */
public final class Recast {
    private final DataSource dataSource;
    private final RewriteListener listener;
    private final Clock clock;
    private final java.util.Properties replicaLogin;
    private final Cancellation cancellation = new Cancellation();

    private Recast(Builder b) {
        this.dataSource = b.dataSource;
        this.listener = b.listener;
        this.clock = b.clock;
        this.replicaLogin = b.replicaLogin;
    }

    private RepackRun job(RewritePlan plan) {
        return new RepackRun(dataSource, plan, listener, cancellation, clock).replicaLogin(replicaLogin);
    }

    public static Builder builder(DataSource dataSource) {
        return new Builder(dataSource);
    }

    /**
     * Inspects the table and returns what a run would do, or throws {@link NotEligibleException}
     * with every reason it cannot. Creates nothing and takes no lock beyond catalog reads.
     */
    public RewritePlan plan(RewriteOptions options) {
        Connection c = null;
        try {
            c = Sessions.open(dataSource, "inspect");
            TableInspector inspector = new TableInspector();
            long oid = inspector.resolve(c, options.table());
            TableDefinition t = inspector.inspect(c, oid);
            List<String> reasons = Eligibility.reasons(t, options);
            if (!reasons.isEmpty()) {
                throw new NotEligibleException(t.displayName(), reasons);
            }
            ArtifactNames names = new ArtifactNames(oid);
            if (options.alteration() != null) {
                io.recast.engine.internal.alter.AlterPlanner.Result alter = io.recast.engine.internal.alter.AlterPlanner.plan(c, t, names, options);
                return new RewritePlan(alter.source(), names, options, alter);
            }
            return new RewritePlan(t, names, options);
        } catch (SQLException e) {
            throw new DatabaseException("inspecting " + options.table() + " failed", e);
        } finally {
            Sessions.close(c);
        }
    }

    /**
     * As {@link #plan}, for a table or a partitioned table: then one plan per partition that holds
     * rows (the leaves of its tree, at every level), in the order {@link #repack} runs them. Refuses,
     * naming each partition and each reason, when any one cannot be rewritten.
     */
    public List<RewritePlan> plans(RewriteOptions options) {
        List<String> leaves = leaves(options.table());
        if (leaves == null) {
            return List.of(plan(options));
        }
        List<RewritePlan> out = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        for (String leaf : leaves) {
            try {
                out.add(plan(options.forTable(leaf)));
            } catch (NotEligibleException e) {
                e.reasons().forEach(r -> reasons.add("partition " + leaf + ": " + r));
            }
        }
        if (leaves.isEmpty()) {
            reasons.add("it is a partitioned table without partitions: there is nothing to repack");
        }
        if (!reasons.isEmpty()) {
            throw new NotEligibleException(options.table(), reasons);
        }
        return out;
    }

    /** The leaf partitions of a partitioned table, qualified and quoted; null when it is not one. */
    private List<String> leaves(String table) {
        Connection c = null;
        try {
            c = Sessions.open(dataSource, "inspect");
            long oid = new TableInspector().resolve(c, table);
            boolean partitioned = io.recast.engine.internal.sql.Jdbc.queryBoolean(c,
                    "SELECT relkind = 'p' FROM pg_class WHERE oid = ?", oid);
            if (!partitioned) {
                return null;
            }
            return io.recast.engine.internal.sql.Jdbc.query(c, """
                    SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname)
                    FROM pg_partition_tree(?::regclass) t
                    JOIN pg_class c ON c.oid = t.relid JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE t.isleaf
                    ORDER BY t.level, n.nspname, c.relname
                    """, rs -> rs.getString(1), oid);
        } catch (SQLException e) {
            throw new DatabaseException("inspecting " + table + " failed", e);
        } finally {
            Sessions.close(c);
        }
    }

    /**
     * The pre-flight check, with {@link CheckOptions#defaults()}: eligibility, estimated time, extra
     * disk space, long and prepared transactions, replication slots and lag, and what the cut-over
     * would lock. Changes nothing. A refusal is reported as a FAIL item, never thrown.
     *
     * @throws DatabaseException on an SQL error
     */
    public CheckReport check(RewriteOptions options) {
        return check(options, CheckOptions.defaults());
    }

    /** As {@link #check(RewriteOptions)}, with these thresholds. */
    public CheckReport check(RewriteOptions options, CheckOptions checks) {
        return new io.recast.engine.internal.check.Preflight(dataSource, checks).check(options, () -> plans(options));
    }

    /**
     * Rewrites the table online: the table stays readable and writable throughout, but for the
     * short swap. On any failure before the swap every artifact is removed and the table is as it
     * was. Runs {@link #check} first: refuses on its FAIL items, passes its WARN items to the
     * listener's {@code warning}.
     *
     * @throws RewriteException whose {@link RewriteException#kind()} says what went wrong
     */
    public RewriteResult repack(RewriteOptions options) {
        cancellation.check();
        java.time.Instant start = clock.instant();
        List<RewritePlan> plans = plans(options);
        new io.recast.engine.internal.check.Preflight(dataSource, CheckOptions.defaults()).enforce(options, plans, listener);
        if (options.alteration() != null) {
            return alter(plans.get(0));
        }
        if (plans.size() == 1 && plans.get(0).options().table().equals(options.table())) {
            return job(plans.get(0)).run();
        }
        // a partitioned table: each partition in turn, each planned again right before its run
        List<RewriteResult> done = new ArrayList<>();
        for (RewritePlan p : plans) {
            try {
                cancellation.check();
                done.add(job(plan(p.options())).run());
            } catch (RewriteException e) {
                e.addNote(done.isEmpty() ? "No partition of " + options.table() + " was repacked."
                        : "Partitions already repacked: " + String.join(", ", done.stream().map(RewriteResult::table)
                                .toList()) + "; the others are unchanged.");
                throw e;
            }
        }
        return RewriteResult.ofPartitions(options.table(), done, java.time.Duration.between(start, clock.instant()));
    }

    /**
     * recast alter: every table it will change (the table, then with --cascade-types the columns
     * that reference its changed keys) planned and its conversion checked before the first run
     * starts; then each run in turn. The result is the table's; each further table's is reported
     * to the listener as it finishes.
     */
    private RewriteResult alter(RewritePlan plan) {
        List<RewritePlan> cascades = new ArrayList<>();
        for (io.recast.engine.internal.alter.AlterPlanner.Cascade c : plan.alter().cascades()) {
            cascades.add(plan(cascadeOptions(plan.options(), c)));
        }
        String name = plan.table().displayName();
        java.util.function.Consumer<String> info = m -> listener.warning(name, m);
        io.recast.engine.internal.alter.ConversionCheck.run(dataSource, plan.table(), plan.alter(),
                plan.options().alteration(), cancellation, info);
        for (RewritePlan p : cascades) {
            io.recast.engine.internal.alter.ConversionCheck.run(dataSource, p.table(), p.alter(),
                    p.options().alteration(), cancellation, info);
        }
        RewriteResult result = job(plan).run();
        cascade(plan);
        return result;
    }

    /** With --cascade-types, after the table: each referencing column changed to the new type, in turn. */
    private void cascade(RewritePlan plan) {
        String name = plan.table().displayName();
        List<String> done = new ArrayList<>();
        for (io.recast.engine.internal.alter.AlterPlanner.Cascade c : plan.alter().cascades()) {
            try {
                cancellation.check();
                RewriteResult r = job(plan(cascadeOptions(plan.options(), c))).run();
                done.add(c.table() + "." + c.column());
                listener.warning(name, "--cascade-types: " + c.table() + "." + c.column() + " is " + c.type() + " now ("
                        + r.rowsCopied() + " rows copied, lock held " + r.lockHold().toMillis() + "ms)");
            } catch (RewriteException e) {
                e.addNote(name + " was altered" + (done.isEmpty() ? "" : ", and " + String.join(", ", done))
                        + "; the foreign keys still referencing it with the old type keep working (the types "
                        + "compare); run recast alter on the rest");
                throw e;
            }
        }
    }

    private static RewriteOptions cascadeOptions(RewriteOptions o, io.recast.engine.internal.alter.AlterPlanner.Cascade c) {
        io.recast.engine.api.Alteration a = o.alteration();
        return o.withAlteration(c.table(), new io.recast.engine.api.Alteration(
                List.of("ALTER COLUMN " + io.recast.engine.internal.sql.Sql.ident(c.column()) + " TYPE " + c.type()),
                java.util.Map.of(), true, a.checkSample()));
    }

    /**
     * Removes every artifact that runs on this table left behind: after a crash, from a fresh
     * process. Safe to run twice. Refuses while a run is alive on the table.
     */
    public CleanupReport cleanup(String table) {
        return cleanup(CleanupOptions.defaults(table));
    }

    /**
     * As {@link #cleanup(String)}, with each drop waiting at most the options' lock timeout, so
     * many times; what still cannot be dropped is reported in {@link CleanupReport#remaining()}.
     */
    public CleanupReport cleanup(CleanupOptions options) {
        String table = options.table();
        java.time.Duration lockTimeout = options.lockTimeout();
        int attempts = options.attempts();
        Connection c = null;
        try {
            c = Sessions.open(dataSource, "cleanup");
            long oid;
            try {
                oid = new TableInspector().resolve(c, table);
            } catch (NotEligibleException e) {
                throw new NotEligibleException("clean up", table, e.reasons());
            }
            List<Long> oids = new ArrayList<>();
            List<Long> jobs = new ArrayList<>();
            String qualifiedName = qualifiedName(c, oid);
            for (long[] job : Cleanup.unfinishedJobs(c, oid, qualifiedName)) {
                jobs.add(job[0]);
                if (!oids.contains(job[1])) {
                    oids.add(job[1]);
                }
            }
            if (!oids.contains(oid)) {
                oids.add(oid);
            }
            List<String> dropped = new ArrayList<>();
            List<String> remaining = new ArrayList<>();
            boolean schemaDropped;
            // the table's own job lock is held throughout: no run can start on it meanwhile
            try (JobLock own = JobLock.acquire(dataSource, new ArtifactNames(oid), qualifiedName)) {
                for (long o : oids) {
                    try (JobLock earlier = o == oid ? null : JobLock.acquire(dataSource, new ArtifactNames(o), qualifiedName)) {
                        Cleanup.Outcome outcome = Cleanup.dropArtifacts(c, o, true, lockTimeout, attempts,
                                m -> listener.warning(qualifiedName, m));
                        dropped.addAll(outcome.dropped());
                        remaining.addAll(outcome.remaining());
                    }
                }
                if (remaining.isEmpty()) {
                    for (long job : jobs) {
                        Cleanup.finishJob(c, job, "cleaned up");
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

    /**
     * The jobs in the job table: running ones, ones whose process died before they finished, and
     * those finished in the last day. Empty when there is no job table (no run is active and the
     * recast schema was removed). Works from any machine: it reads only the database.
     */
    public List<JobStatus> jobs() {
        Connection c = null;
        try {
            c = Sessions.open(dataSource, "status");
            if (!io.recast.engine.internal.sql.Jdbc.queryBoolean(c, "SELECT to_regclass(?) IS NOT NULL", ArtifactNames.qJobs())) {
                return List.of();
            }
            return io.recast.engine.internal.sql.Jdbc.query(c, io.recast.engine.internal.changelog.ChangelogSql.listJobs(), rs -> {
                double eta = rs.getDouble("eta_seconds");
                boolean noEta = rs.wasNull();
                return new JobStatus(rs.getLong("job_id"), rs.getString("table_name"), rs.getString("phase"),
                        rs.getLong("rows_copied"), rs.getLong("rows_estimate"), rs.getLong("rows_replayed"),
                        rs.getLong("backlog"), rs.getString("throttle"),
                        noEta ? null : java.time.Duration.ofMillis(Math.round(eta * 1000)), rs.getString("requested"),
                        rs.getInt("pid"), rs.getBoolean("alive"), rs.getObject("started_at", java.time.OffsetDateTime.class),
                        rs.getObject("updated_at", java.time.OffsetDateTime.class),
                        rs.getObject("finished_at", java.time.OffsetDateTime.class), rs.getString("outcome"));
            });
        } catch (SQLException e) {
            throw new DatabaseException("reading the job table failed", e);
        } finally {
            Sessions.close(c);
        }
    }

    /**
     * Goes on with the unfinished job on the table whose process died (kill -9, a crash, a lost
     * machine), with the options it was started with: the backfill from the last key it committed,
     * the index builds from scratch, the catch-up and the cut-over as they come; the trigger logged
     * every change meanwhile. A job that stopped while preparing is removed and started again; one
     * whose swap had committed only needs its old table removed, which this does.
     *
     * @throws NotEligibleException when there is no such job, it is still running, or the table's
     *                              definition changed since it stopped
     */
    public RewriteResult resume(String table) {
        cancellation.check();
        Connection c = null;
        StoppedJob job;
        String name;
        try {
            c = Sessions.open(dataSource, "resume");
            long oid = new TableInspector().resolve(c, table);
            name = qualifiedName(c, oid);
            List<long[]> unfinished = Cleanup.unfinishedJobs(c, oid, name); // empty too when there is no job table
            if (unfinished.isEmpty()) {
                throw new NotEligibleException("resume", name, List.of("no unfinished recast job works on it"));
            }
            job = io.recast.engine.internal.sql.Jdbc.queryOne(c, io.recast.engine.internal.changelog.ChangelogSql.unfinishedJob(), rs -> {
                java.sql.Array key = rs.getArray("last_key");
                return new StoppedJob(rs.getLong("job_id"), rs.getString("phase"),
                        key == null ? null : List.of((String[]) key.getArray()), rs.getLong("rows_copied"),
                        rs.getLong("rows_replayed"), rs.getString("options"), rs.getString("definition_hash"),
                        rs.getBoolean("alive"));
            }, unfinished.get(0)[1]).orElseThrow();
        } catch (SQLException e) {
            throw new DatabaseException("resuming " + table + " failed", e);
        } finally {
            Sessions.close(c);
        }
        if (job.alive()) {
            throw new NotEligibleException("resume", name, List.of("its job " + job.jobId() + " is still running; "
                    + "recast resume --table " + name + " goes on with it if it is paused"));
        }
        if (job.options() == null || job.definitionHash() == null) {
            throw new NotEligibleException("resume", name, List.of("its job " + job.jobId() + " was started by an older "
                    + "version that kept no options: recast cleanup --table " + name + ", then repack again"));
        }
        RewriteOptions options = io.recast.engine.internal.job.OptionsCodec.decode(job.options());
        if ("swapped".equals(job.phase())) {
            CleanupReport report = cleanup(table);
            listener.warning(name, "the swap of job " + job.jobId() + " had committed before its process stopped; "
                    + "removed what was left (" + String.join(", ", report.dropped()) + "); foreign keys it "
                    + "re-added NOT VALID stay so until validated (ALTER TABLE ... VALIDATE CONSTRAINT)");
            return new RewriteResult(name, 0, 0, java.util.Map.of(), java.time.Duration.ZERO, java.time.Duration.ZERO,
                    java.time.Duration.ZERO, 0, 0, 0, null);
        }
        io.recast.engine.api.Phase phase = java.util.Arrays.stream(io.recast.engine.api.Phase.values())
                .filter(x -> x.label().equals(job.phase())).findFirst().orElse(io.recast.engine.api.Phase.PREPARE);
        if (phase.ordinal() <= io.recast.engine.api.Phase.PREPARE.ordinal()) {
            listener.warning(name, "job " + job.jobId() + " stopped while preparing: removing it and starting again");
            cleanup(table);
            return repack(options);
        }
        RewritePlan plan = plan(options);
        RewriteResult result = job(plan)
                .resuming(new io.recast.engine.internal.run.RepackRun.Resume(job.jobId(), phase, job.lastKey(), job.rowsCopied(),
                        job.rowsReplayed(), job.definitionHash()))
                .run();
        if (plan.alter() != null) {
            cascade(plan); // an alter's --cascade-types, which the process that died did not reach
        }
        return result;
    }

    /** An unfinished job's row, as {@link #resume} reads it. */
    private record StoppedJob(long jobId, String phase, List<String> lastKey, long rowsCopied, long rowsReplayed,
                              String options, String definitionHash, boolean alive) {
    }

    /** The table's name as the job table writes it (quoted, qualified), resolved as PostgreSQL parses it. */
    public String displayName(String table) {
        Connection c = null;
        try {
            c = Sessions.open(dataSource, "inspect");
            return qualifiedName(c, new TableInspector().resolve(c, table));
        } catch (SQLException e) {
            throw new DatabaseException("resolving " + table + " failed", e);
        } finally {
            Sessions.close(c);
        }
    }

    /** What `recast pause|resume|abort` can ask of a running job. */
    public enum Request {
        PAUSE, RESUME, ABORT,
        /** Lets a job started with a manual cut-over swap (inside its window, if it has one). */
        CUTOVER
    }

    /**
     * Asks the running job on the table to pause (between batches; the trigger keeps logging, so
     * nothing is lost), to go on, or to abort (it removes what it made). The job reads the request
     * within its throttle interval.
     *
     * @return the jobs that received it, still running; empty when {@code ABORT} found only a job
     *         whose process had died, and removed what it left
     * @throws NotEligibleException when no job of a live process works on the table
     */
    public List<JobStatus> request(String table, Request request) {
        Connection c = null;
        try {
            c = Sessions.open(dataSource, "control");
            long oid = new TableInspector().resolve(c, table);
            String name = qualifiedName(c, oid);
            List<JobStatus> unfinished = jobs().stream().filter(j -> !j.finishedJob() && j.table().equals(name)).toList();
            List<JobStatus> live = unfinished.stream().filter(JobStatus::alive).toList();
            if (live.isEmpty() && request == Request.ABORT && !unfinished.isEmpty()) {
                cleanup(table); // its process is gone: abort is removing what it left
                return List.of();
            }
            if (live.isEmpty()) {
                throw new NotEligibleException(request.name().toLowerCase(java.util.Locale.ROOT), name, List.of(
                        "no running recast job works on it" + (unfinished.isEmpty() ? "" : " (a job whose process died "
                                + "left its artifacts: recast resume --table " + name + " goes on with it, recast "
                                + "cleanup --table " + name + " removes them)")));
            }
            io.recast.engine.internal.sql.Jdbc.query(c, io.recast.engine.internal.changelog.ChangelogSql.requestJob(),
                    rs -> rs.getLong(1), request.name().toLowerCase(java.util.Locale.ROOT), oid);
            return live;
        } catch (SQLException e) {
            throw new DatabaseException(request.name().toLowerCase(java.util.Locale.ROOT) + " of " + table + " failed", e);
        } finally {
            Sessions.close(c);
        }
    }

    /** Stops the running job, which then removes its artifacts and throws {@link AbortedException}. */
    public void cancel(String reason) {
        cancellation.cancel(reason);
    }

    private static String qualifiedName(Connection c, long oid) throws SQLException {
        return io.recast.engine.internal.sql.Jdbc.queryOne(c, "SELECT n.nspname, c.relname FROM pg_class c "
                        + "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = ?",
                rs -> io.recast.engine.internal.sql.Sql.qualified(rs.getString(1), rs.getString(2)), oid).orElseThrow();
    }

    public static final class Builder {
        private final DataSource dataSource;
        private RewriteListener listener = RewriteListener.NONE;
        private Clock clock = Clock.systemUTC();
        private final java.util.Properties replicaLogin = new java.util.Properties();

        private Builder(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        }

        public Builder listener(RewriteListener l) {
            listener = Objects.requireNonNull(l, "listener");
            return this;
        }

        public Builder clock(Clock c) {
            clock = Objects.requireNonNull(c, "clock");
            return this;
        }

        /**
         * The user and password for the replica URLs of {@link RewriteOptions#replicaUrls()} (a
         * user given in a URL wins); a null password lets the driver read the password file.
         */
        public Builder replicaLogin(String user, String password) {
            if (user != null) {
                replicaLogin.setProperty("user", user);
            }
            if (password != null) {
                replicaLogin.setProperty("password", password);
            }
            return this;
        }

        public Recast build() {
            return new Recast(this);
        }
    }
}
