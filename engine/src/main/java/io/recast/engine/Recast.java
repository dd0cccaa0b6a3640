package io.recast.engine;

import io.recast.engine.api.AbortedException;
import io.recast.engine.api.Alteration;
import io.recast.engine.api.BloatOptions;
import io.recast.engine.api.BloatReport;
import io.recast.engine.api.CheckOptions;
import io.recast.engine.api.CheckReport;
import io.recast.engine.api.CleanupOptions;
import io.recast.engine.api.CleanupReport;
import io.recast.engine.api.DdlPlan;
import io.recast.engine.api.DryRun;
import io.recast.engine.api.HistoryEntry;
import io.recast.engine.api.JobRequest;
import io.recast.engine.api.JobStatus;
import io.recast.engine.api.MaintainListener;
import io.recast.engine.api.MaintainOptions;
import io.recast.engine.api.MaintainReport;
import io.recast.engine.api.MigrateOptions;
import io.recast.engine.api.MigrationException;
import io.recast.engine.api.MigrationListener;
import io.recast.engine.api.MigrationResult;
import io.recast.engine.api.NotEligibleException;
import io.recast.engine.api.RewriteException;
import io.recast.engine.api.RewriteListener;
import io.recast.engine.api.RewriteOptions;
import io.recast.engine.api.RewriteResult;
import io.recast.engine.api.ThrottleOptions;
import io.recast.engine.internal.check.Preflight;
import io.recast.engine.internal.plan.RewriteRequest;
import io.recast.engine.internal.run.BloatRun;
import io.recast.engine.internal.run.CleanupRun;
import io.recast.engine.internal.run.ControlRun;
import io.recast.engine.internal.run.HistoryRun;
import io.recast.engine.internal.run.MaintainRun;
import io.recast.engine.internal.run.MigrateRun;
import io.recast.engine.internal.run.RepackRun;
import io.recast.engine.internal.run.ResumeRun;
import io.recast.engine.internal.run.RunContext;
import io.recast.engine.internal.runtime.Cancellation;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import javax.sql.DataSource;

/**
 * The engine's facade: one verb per job. Tables are named as PostgreSQL parses them
 * ({@code orders}, {@code public.orders}, {@code acc."Mixed Case"}); every failure is a
 * {@link RewriteException} whose {@code kind()} says what went wrong.
 *
 * <pre>{@code
 * Recast recast = Recast.builder(dataSource).listener(myListener).build();
 * RewriteResult r = recast.repack("public.orders", RewriteOptions.builder().batchRows(20_000).build());
 * recast.alter("public.orders", Alteration.of("ALTER COLUMN id TYPE bigint").cascadeTypes(), RewriteOptions.defaults());
 * }</pre>
 *
 * One instance runs one job at a time; {@link #cancel} may be called from any thread.
 */
public final class Recast {
    private final RunContext ctx;

    private Recast(Builder b) {
        this.ctx = new RunContext(b.dataSource, b.listener, new Cancellation(), b.clock, b.replicaLogin);
    }

    public static Builder builder(DataSource dataSource) {
        return new Builder(dataSource);
    }

    /**
     * Rewrites the table online to remove its bloat: the table stays readable and writable
     * throughout, but for the short swap. A partitioned table means each of its partitions, in turn.
     * Runs {@link #check} first: refuses on its FAIL items, passes its WARN items to the listener's
     * {@code warning}. On any failure before the swap every artifact is removed and the table is as it was.
     */
    public RewriteResult repack(String table, RewriteOptions options) {
        return new RepackRun(ctx).run(new RewriteRequest(table, null, options));
    }

    /** {@link #repack(String, RewriteOptions)} with {@link RewriteOptions#defaults()}. */
    public RewriteResult repack(String table) {
        return repack(table, RewriteOptions.defaults());
    }

    /**
     * Changes the table's structure online (int to bigint, say), as ALTER TABLE would but without
     * its long exclusive lock: the changes are applied to the new, empty table, every value is
     * checked to convert before anything is created, and the rows are converted as they are copied.
     */
    public RewriteResult alter(String table, Alteration alteration, RewriteOptions options) {
        return new RepackRun(ctx).run(new RewriteRequest(table, Objects.requireNonNull(alteration, "alteration"),
                options));
    }

    /**
     * What {@link #repack} (with an alteration, {@link #alter}) would do: every step with its SQL and
     * the lock it takes, table by table. Inspects the catalog only; throws
     * {@link NotEligibleException} with every reason the table cannot be rewritten.
     */
    public List<DryRun> dryRun(String table, Alteration alteration, RewriteOptions options) {
        return new RepackRun(ctx).dryRun(new RewriteRequest(table, alteration, options));
    }

    /**
     * The pre-flight check: eligibility, estimated time, extra disk space, long and prepared
     * transactions, replication slots and lag, and what the cut-over would lock. Changes nothing. A
     * refusal is reported as a FAIL item, never thrown.
     */
    public CheckReport check(String table, RewriteOptions options, CheckOptions checks) {
        RewriteRequest request = new RewriteRequest(table, null, options);
        return new Preflight(ctx.dataSource(), checks).check(table, options,
                () -> new RepackRun(ctx).plans(request));
    }

    /** {@link #check(String, RewriteOptions, CheckOptions)} with every default. */
    public CheckReport check(String table) {
        return check(table, RewriteOptions.defaults(), CheckOptions.defaults());
    }

    /**
     * Plans each statement of a SQL script against the database as it is: the lock each takes, for
     * how long, and how Recast would run it. Changes nothing.
     */
    public DdlPlan plan(String script) {
        return new MigrateRun(ctx).plan(script);
    }

    /**
     * Runs a script's statements as {@link #plan} plans them, one after the other, stopping at the
     * first failure. A statement that rewrites its table runs as {@link #alter} does, with
     * {@code rewrites}.
     *
     * @throws MigrationException when a statement failed: its {@code result()} says what was applied
     *                            before it and the state left
     */
    public MigrationResult migrate(String script, MigrateOptions options, RewriteOptions rewrites,
                                   MigrationListener listener) {
        MigrationResult result = new MigrateRun(ctx).migrate(script, options, rewrites, listener);
        if (result.failure() != null) {
            throw new MigrationException(result);
        }
        return result;
    }

    /**
     * Goes on with the unfinished job on the table whose process died (kill -9, a crash, a lost
     * machine), with what it was started with.
     */
    public RewriteResult resume(String table) {
        return new ResumeRun(ctx).run(table);
    }

    /**
     * Removes every artifact that runs on this table left behind: after a crash, from a fresh
     * process. Safe to run twice. Refuses while a run is alive on the table.
     */
    public CleanupReport cleanup(String table) {
        return cleanup(table, CleanupOptions.defaults());
    }

    /**
     * As {@link #cleanup(String)}, with each drop waiting at most the options' lock timeout, so many
     * times; what still cannot be dropped is reported in {@link CleanupReport#remaining()}.
     */
    public CleanupReport cleanup(String table, CleanupOptions options) {
        return new CleanupRun(ctx).run(table, options);
    }

    /**
     * The jobs in the job table: running ones, ones whose process died before they finished, and
     * those finished in the last day. Reads only the database, so it works from any machine.
     */
    public List<JobStatus> jobs() {
        return new ControlRun(ctx).jobs();
    }

    /**
     * Asks the running job on the table to pause (between batches; the trigger keeps logging), to go
     * on, to abort (it removes what it made), or to cut over; the job reads it within its throttle
     * interval.
     *
     * @return the jobs that received it; empty when {@code ABORT} found only a job whose process had
     *         died, and removed what it left
     */
    public List<JobStatus> control(String table, JobRequest request) {
        return new ControlRun(ctx).request(table, request);
    }

    /**
     * The bloat of the database's tables (partitions included) and indexes, the most reclaimable
     * first, each with what to do about it: repack, reindex, vacuum or nothing, and why. Measured with
     * pgstattuple where it is installed and the role may run it (it reads the pages), else estimated
     * from the planner's statistics (reads only the catalog). Changes nothing.
     */
    public BloatReport bloat(BloatOptions options) {
        return new BloatRun(ctx).run(options);
    }

    /**
     * What recast did in the database (repack, alter, resume, reindex, vacuum, maintain runs) in the
     * last {@code since}, newest first: of the tables matching {@code tablePattern} ({@code *} any
     * characters, {@code ?} one; null: all). Empty before the first action. Reads only.
     */
    public List<HistoryEntry> history(String tablePattern, java.time.Duration since) {
        return new HistoryRun(ctx).list(tablePattern, since);
    }

    /**
     * Scheduled maintenance of the database: measures its bloat, picks what needs a repack, a
     * REINDEX INDEX CONCURRENTLY or a VACUUM above the options' thresholds (less what was done within
     * the minimum interval, what is excluded, and beyond the maximum count), and runs them one at a
     * time, most reclaimable (or smallest) first, through the same engine and guards as
     * {@link #repack}. Nothing starts that is estimated to end after the deadline; a rewrite still
     * running at the deadline is stopped before its swap and cleaned up. One run per database at a
     * time ({@link io.recast.engine.api.ConcurrentRunException} otherwise). Every action and the run
     * are recorded in the history. An action's failure is its item's; the run goes on.
     */
    public MaintainReport maintain(MaintainOptions options, MaintainListener listener) {
        return new MaintainRun(ctx).run(options, listener);
    }

    /** The databases of the server the role may connect to, templates left out. */
    public List<String> databases() {
        return new BloatRun(ctx).databases();
    }

    /** The table's name as the job table writes it (quoted, qualified), resolved as PostgreSQL parses it. */
    public String displayName(String table) {
        return new RepackRun(ctx).displayName(table);
    }

    /** Stops the running job, which then removes its artifacts and throws {@link AbortedException}. */
    public void cancel(String reason) {
        ctx.cancellation().cancel(reason);
    }

    public static final class Builder {
        private final DataSource dataSource;
        private RewriteListener listener = RewriteListener.NONE;
        private Clock clock = Clock.systemUTC();
        private final Properties replicaLogin = new Properties();

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
         * The user and password for the replica URLs of {@link ThrottleOptions#replicaUrls()}
         * (a user given in a URL wins); a null password lets the driver read the password file.
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
