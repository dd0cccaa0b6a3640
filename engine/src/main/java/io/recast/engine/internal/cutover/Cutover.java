package io.recast.engine.internal.cutover;

import io.recast.engine.api.AbortedException;
import io.recast.engine.api.CutoverOptions;
import io.recast.engine.api.LockTimeoutException;
import io.recast.engine.internal.catalog.TableDefinition;
import io.recast.engine.internal.catalog.TableInspector;
import io.recast.engine.internal.changelog.ChangeLog;
import io.recast.engine.internal.job.JobTable;
import io.recast.engine.internal.replay.Replayer;
import io.recast.engine.internal.runtime.ArtifactNames;
import io.recast.engine.internal.runtime.Cancellation;
import io.recast.engine.internal.runtime.Progress;
import io.recast.engine.internal.runtime.ShortLock;
import io.recast.engine.internal.sql.Jdbc;
import io.recast.engine.internal.sql.Sessions;
import io.recast.engine.internal.sql.SqlStates;
import io.recast.engine.internal.verify.Verifier;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * The swap. Each attempt is a fresh transaction on a fresh connection that holds no other lock on
 * the table: it asks for ACCESS EXCLUSIVE under a short lock_timeout, drains the log, swaps the
 * tables and commits. A failed attempt rolls back at once, so no lock request of ours stays queued
 * in front of the application; the caller keeps replaying and calls again.
 */
public final class Cutover {
    /**
     * What one successful swap measured.
     *
     * @param longestQueuedWait the longest any other session was seen waiting behind the successful
     *                          attempt (its lock request, then its lock), sampled every 10ms
     */
    public record Swap(Duration lockWait, Duration lockHold, int attempts, Duration longestQueuedWait) {
    }

    /** Thrown inside an attempt whose drain would hold the lock longer than allowed. */
    private static final class HoldExceeded extends Exception {
        HoldExceeded(String message) {
            super(message);
        }
    }

    private final DataSource ds;
    private final TableDefinition table;
    private final ArtifactNames names;
    private final CutoverOptions options;
    private final int replayRows;
    private final Replayer replayer;
    /** With a FOR ALL TABLES publication: the swap replays the last changes once the new table has the name. */
    private final boolean drainAfterRename;
    private final Clock clock;
    private double copyEnded = Double.NaN;
    private String fingerprint;
    private int serverVersion;
    private Verifier verifier;
    private String withdrawn;

    /** @param replayRows log rows applied per statement while the lock drains the log */
    public Cutover(DataSource ds, TableDefinition table, ArtifactNames names, CutoverOptions options, int replayRows,
                   Clock clock) {
        this.replayRows = replayRows;
        this.ds = ds;
        this.table = table;
        this.names = names;
        this.options = options;
        this.drainAfterRename = table.drainsAfterRename();
        this.replayer = new Replayer(table, names);
        this.clock = clock;
        this.target = table;
    }

    private TableDefinition target;

    /** The other tables the new table's foreign keys reference, qualified, or null. */
    private String referenced(Connection c) throws SQLException {
        long[] oids = target.constraints().stream().filter(k -> k.isForeignKey() && k.referencedOid() != null
                && k.referencedOid() != table.oid()).mapToLong(k -> k.referencedOid()).distinct().toArray();
        if (oids.length == 0) {
            return null;
        }
        return Jdbc.queryOne(c, CutoverSql.REFERENCED_TABLES, rs -> rs.getString(1), oids).orElse(null);
    }

    /** The new table's definition, when it differs from the table's (recast alter). */
    public Cutover target(TableDefinition t) {
        this.target = t;
        return this;
    }

    /**
     * The table's definition hash when the run started (TableInspector.fingerprint): under the lock
     * it must be the same, else DDL ran meanwhile that the swap would miss, and the run stops.
     */
    public Cutover expectDefinition(String tableFingerprint) {
        this.fingerprint = tableFingerprint;
        return this;
    }

    /** The end of the copy, in epoch seconds of the server's clock: older snapshots are waited for. */
    public Cutover copyEnded(double epochSeconds) {
        this.copyEnded = epochSeconds;
        return this;
    }

    /**
     * With {@code verify} (null: without): each attempt, after the drain and under the lock, compares
     * the rows the verification has left (its pending keys, to which the drain adds its own).
     */
    public Cutover verifying(Verifier v) {
        this.verifier = v;
        if (v != null) {
            replayer.recordKeys(v::replayed);
        }
        return this;
    }

    /**
     * Tries the swap until it commits or the attempts run out. Before each attempt asks for its
     * lock, the guard checks that no old transaction holds a lock on the table (and acts on such
     * blockers as --on-blocker says) and that the backlog can be replayed within the hold budget;
     * while the request waits, a watcher withdraws it when too many sessions queue behind it.
     *
     * @param catchUp runs between attempts: replays the log down to the cut-over backlog again
     * @throws LockTimeoutException after the last attempt, naming the sessions that held the table
     */
    public Swap run(long jobId, Progress progress, Cancellation cancel, Consumer<String> warn, Runnable catchUp)
            throws SQLException {
        String lastFailure = null;
        CutoverGuard guard = new CutoverGuard(table, names, options, clock, warn);
        if (!Double.isNaN(copyEnded)) {
            Connection d = Sessions.open(ds, "diagnose");
            try {
                guard.awaitOldSnapshots(d, copyEnded, cancel);
            } finally {
                Sessions.close(d);
            }
        }
        prepareDefaultPartition(cancel, warn);
        makeShadowLogged(cancel, warn);
        if (drainAfterRename) {
            // nothing may be written to the (now logged) shadow under its own name, which subscribers lack
            catchUp = () -> { };
        }
        for (int attempt = 1; attempt <= options.maxAttempts(); attempt++) {
            cancel.check();
            String blocked = blockedBy(guard, progress);
            if (blocked != null) {
                lastFailure = blocked;
                if (attempt < options.maxAttempts()) {
                    warn.accept("cut-over attempt " + attempt + " of " + options.maxAttempts() + " not started: "
                            + blocked + "; the table is unchanged, syncing and retrying");
                    cancel.sleep(ShortLock.backoff(attempt));
                    catchUp.run();
                }
                continue;
            }
            try {
                Swap s = attempt(jobId, attempt, progress, cancel);
                return s;
            } catch (SQLException e) {
                if (SqlStates.isConnectionLost(e) && !cancel.cancelled()) {
                    // the commit may have reached the server before the session was lost: its job row says
                    if (swapCommitted(jobId)) {
                        warn.accept("the cut-over's session was lost after its commit; the swap is done");
                        return new Swap(Duration.ZERO, Duration.ZERO, attempt, Duration.ZERO);
                    }
                    lastFailure = "its session was lost (" + e.getMessage() + ")";
                } else if (!(SqlStates.isLockRetryable(e) || SqlStates.is(e, SqlStates.QUERY_CANCELED))) {
                    throw e;
                } else {
                    cancel.check();
                    lastFailure = withdrawn != null ? withdrawn + ": withdrew the lock request"
                            : SqlStates.is(e, SqlStates.QUERY_CANCELED)
                            ? "the swap exceeded --max-lock-hold " + options.maxLockHold().toMillis() + "ms"
                            : "lock not granted within " + options.lockTimeout().toMillis() + "ms";
                }
            } catch (HoldExceeded e) {
                lastFailure = e.getMessage();
            }
            if (attempt < options.maxAttempts()) {
                warn.accept("cut-over attempt " + attempt + " of " + options.maxAttempts() + " rolled back ("
                        + lastFailure + "); the table is unchanged, syncing and retrying");
                cancel.sleep(ShortLock.backoff(attempt));
                catchUp.run();
            }
        }
        throw new LockTimeoutException("cut-over of " + table.displayName() + " gave up after "
                + options.maxAttempts() + " attempts (" + lastFailure + "; lock_timeout "
                + options.lockTimeout().toMillis() + "ms); the table is unchanged. " + holders()
                + "Run again when the table is quieter, or raise --lock-timeout/--max-attempts.",
                options.maxAttempts());
    }

    /**
     * An unlogged shadow of a logged table (kept unlogged for a FOR ALL TABLES publication) becomes
     * logged before the first attempt: SET LOGGED writes it (and its indexes) once more, into the WAL,
     * holding only the shadow; the table's writes go on and are logged for the swap.
     */
    private void makeShadowLogged(Cancellation cancel, Consumer<String> warn) throws SQLException {
        Connection d = Sessions.open(ds, "prepare cut-over");
        try {
            if (table.persistence() == 'u' || !TableInspector.unlogged(d, names.qShadow())) {
                return;
            }
            cancel.running(d);
            ShortLock.run(d, "the new table's SET LOGGED", List.of(CutoverSql.setLogged(names)), options.lockTimeout(),
                    options.maxAttempts(), cancel, warn);
        } finally {
            cancel.running(null);
            Sessions.close(d);
        }
    }

    /**
     * {@link CutoverSql#addDefaultCheck}, then its validation, for a partition whose parent has a DEFAULT
     * one; for a partition of a partition the CHECK also holds the partition's bound alone
     * ({@link CutoverSql#boundOnly}). Before the first attempt.
     */
    public void prepareDefaultPartition(Cancellation cancel, Consumer<String> warn) throws SQLException {
        List<String> add = CutoverSql.addDefaultCheck(table, names);
        if (add.isEmpty()) {
            return;
        }
        Connection d = Sessions.open(ds, "prepare cut-over");
        try {
            String parent = table.partitionOf().parentQualified();
            if (Jdbc.queryBoolean(d, CutoverSql.PARENT_IS_PARTITION, parent)) {
                String key = Jdbc.queryOne(d, CutoverSql.PARTITION_KEY, rs -> rs.getString(1), parent).orElseThrow();
                List<String> bound = CutoverSql.boundOnly(table, names, key);
                d.setAutoCommit(false);
                try {
                    for (String s : bound.subList(0, bound.size() - 1)) {
                        Jdbc.exec(d, "cut-over", s);
                    }
                    add = CutoverSql.addDefaultCheck(table, names, Jdbc.queryOne(d, bound.get(bound.size() - 1),
                            rs -> rs.getString(1)).orElseThrow());
                } finally {
                    d.rollback();
                    d.setAutoCommit(true);
                }
            }
            ShortLock.run(d, "the CHECK on the DEFAULT partition " + table.partitionOf().defaultPartition(), add,
                    options.lockTimeout(), options.maxAttempts(), cancel, warn);
            cancel.running(d);
            Jdbc.exec(d, "cut-over", CutoverSql.validateDefaultCheck(table, names));
        } finally {
            cancel.running(null);
            Sessions.close(d);
        }
    }

    /**
     * Whether the swap of an attempt that lost its session had committed, asked on a fresh session;
     * a server that cannot be reached throws, and the run reconnects and reads the job row itself.
     */
    private boolean swapCommitted(long jobId) throws SQLException {
        Connection d = Sessions.open(ds, "diagnose");
        try {
            return JobTable.isSwapped(d, jobId);
        } finally {
            Sessions.close(d);
        }
    }

    /** Why this attempt should not ask for the lock, or null. */
    private String blockedBy(CutoverGuard guard, Progress progress) throws SQLException {
        Connection d = Sessions.open(ds, "diagnose");
        try {
            String blocked = guard.blockedBy(d);
            if (blocked != null) {
                return blocked;
            }
            long backlog = ChangeLog.backlog(d, names);
            double rate = progress.replayRate();
            if (rate > 0 && !drainAfterRename && backlog / rate * 1000 > options.maxLockHold().toMillis() / 2.0) {
                return "the backlog of " + backlog + " log rows would take about " + Math.round(backlog / rate * 1000)
                        + "ms to replay under the lock, more than half of --max-lock-hold "
                        + options.maxLockHold().toMillis() + "ms";
            }
            return null;
        } finally {
            Sessions.close(d);
        }
    }

    private Swap attempt(long jobId, int attempt, Progress progress, Cancellation cancel)
            throws SQLException, HoldExceeded {
        withdrawn = null;
        Connection c = Sessions.open(ds, "cut-over");
        LockQueueWatcher watcher = null;
        Instant asked = null;
        Instant granted = null;
        try {
            c.setAutoCommit(false);
            cancel.running(c);
            Jdbc.exec(c, "cut-over", CutoverSql.lockTimeout(options.lockTimeout()));
            Jdbc.exec(c, "cut-over", CutoverSql.idleTimeout(options.maxLockHold().plusSeconds(5)));
            int pid = (int) Jdbc.queryLong(c, BlockerSql.BACKEND_PID);
            if (serverVersion == 0) {
                serverVersion = Jdbc.serverVersion(c);
            }
            // before the lock too: DDL seen now stops the attempt without locking, and the fresh session reads
            // the catalog once, so that the check under the lock finds it cached (a third of the hold, cold)
            checkDefinition(c);
            watcher = LockQueueWatcher.start(ds, pid, serverVersion, options.maxQueued(), options.maxQueueWait());
            asked = clock.instant();
            String referenced = referenced(c);
            if (referenced != null) {
                // before the table: writers of a referenced table may cascade into this one, so taking the
                // table first and then (adding a foreign key) the referenced one would deadlock with them
                Jdbc.exec(c, "cut-over", CutoverSql.lockReferenced(referenced));
            }
            Jdbc.exec(c, "cut-over", CutoverSql.lock(table, names));
            granted = clock.instant();
            checkDefinition(c);
            Jdbc.exec(c, "cut-over", CutoverSql.statementTimeout(options.maxLockHold()));
            if (!drainAfterRename) {
                drain(c, progress, granted);
            } else if (Jdbc.queryBoolean(c, CutoverSql.truncateLogged(table, names))) {
                throw new AbortedException(table.displayName() + " was truncated while it was being rewritten; nothing "
                        + "was changed, run again");
            }
            if (verifier != null) {
                verifier.recheck(c);
                if (Duration.between(granted, clock.instant()).compareTo(options.maxLockHold()) > 0) {
                    throw new HoldExceeded("draining the log and comparing the changed rows (--verify) exceeded "
                            + "--max-lock-hold " + options.maxLockHold().toMillis() + "ms");
                }
            }
            Jdbc.execBatched(c, "swap", CutoverSql.swap(table, target, names, definitions(c)));
            if (verifier != null && drainAfterRename) {
                verifier.recheckAfterRename(c);
                if (Duration.between(granted, clock.instant()).compareTo(options.maxLockHold()) > 0) {
                    throw new HoldExceeded("the swap and the comparison of the changed rows (--verify) exceeded "
                            + "--max-lock-hold " + options.maxLockHold().toMillis() + "ms");
                }
            }
            if (JobTable.abortRequested(c, jobId)) {
                // the last moment an abort can act: it rolls the swap back, the run removes what it made
                throw new AbortedException("aborted by recast abort during the cut-over; " + table.displayName()
                        + " is as it was, and what the run made is removed");
            }
            JobTable.swapped(c, jobId);
            c.commit();
            Instant committed = clock.instant();
            Duration queued = Duration.ZERO;
            if (watcher != null) {
                watcher.close();
                queued = watcher.longestWait();
                watcher = null;
            }
            progress.backlog(0);
            progress.cutOverAttempt(attempt, true, Duration.between(asked, granted), Duration.between(granted, committed));
            return new Swap(Duration.between(asked, granted), Duration.between(granted, committed), attempt, queued);
        } catch (SQLException | HoldExceeded | RuntimeException e) {
            Instant failed = clock.instant();
            if (watcher != null) {
                watcher.close();
                withdrawn = watcher.cancelledBecause();
                watcher = null;
            }
            try {
                c.rollback();
            } catch (SQLException ignored) {
                // the session may be gone; the server rolls back with it
            }
            reportFailed(progress, attempt, asked, granted, failed);
            throw e;
        } finally {
            if (watcher != null) {
                watcher.close();
            }
            cancel.running(null);
            Sessions.close(c);
        }
    }

    /** Stops the run when the table's definition is no longer the one the copy was made for. */
    private void checkDefinition(Connection c) throws SQLException {
        if (fingerprint != null && !fingerprint.equals(TableInspector.fingerprint(c, table.oid()))) {
            throw new AbortedException("aborted: the definition of " + table.displayName()
                    + " (or of something that points at it) changed during the run, by DDL the copy does not "
                    + "have; nothing was swapped, the table is as it is now, and what the run made is removed. "
                    + "Run again to rewrite it with its new definition.");
        }
    }

    /** Applies the whole log under the lock, within --max-lock-hold. */
    private void drain(Connection c, Progress progress, Instant granted) throws SQLException, HoldExceeded {
        int drained;
        while ((drained = replayer.applyBatch(c, replayRows)) > 0) {
            progress.replayed(drained);
            if (Duration.between(granted, clock.instant()).compareTo(options.maxLockHold()) > 0) {
                throw new HoldExceeded("draining the log exceeded --max-lock-hold " + options.maxLockHold().toMillis() + "ms");
            }
        }
    }

    /** Reports a rolled-back attempt: the wait until the lock was granted or refused, the hold until the rollback. */
    private void reportFailed(Progress progress, int attempt, Instant asked, Instant granted, Instant failed) {
        Duration wait = asked == null ? Duration.ZERO : Duration.between(asked, granted == null ? failed : granted);
        progress.cutOverAttempt(attempt, false, wait, granted == null ? null : Duration.between(granted, clock.instant()));
    }

    /**
     * The definitions of what depends on the table and is re-created in the swap, read under the
     * lock so that no change to them can slip in between.
     */
    private Map<Long, String> definitions(Connection c) throws SQLException {
        Map<Long, String> out = new HashMap<>();
        for (var v : table.views()) {
            out.put(v.oid(), Jdbc.queryOne(c, CutoverSql.viewDefinition(), rs -> rs.getString(1), v.oid()).orElseThrow());
        }
        for (var v : target.rebuiltViews()) {
            out.put(v.oid(), Jdbc.queryOne(c, CutoverSql.viewDefinition(), rs -> rs.getString(1), v.oid()).orElseThrow());
        }
        for (var m : table.materializedViews()) {
            out.put(m.oid(), Jdbc.queryOne(c, CutoverSql.viewDefinition(), rs -> rs.getString(1), m.oid()).orElseThrow());
        }
        for (var r : table.routines()) {
            out.put(r.oid(), Jdbc.queryOne(c, CutoverSql.routineDefinition(), rs -> rs.getString(1), r.oid()).orElseThrow());
        }
        for (var r : table.rules()) {
            out.put(r.oid(), Jdbc.queryOne(c, CutoverSql.ruleDefinition(), rs -> rs.getString(1), r.oid()).orElseThrow());
        }
        return out;
    }

    /** Names the sessions that hold or wait for locks on the table, for the give-up message. */
    private String holders() {
        Connection c = null;
        try {
            c = Sessions.open(ds, "diagnose");
            String rows = lockHolders(c, table.oid());
            return rows.isEmpty() ? "" : "Sessions on the table now: " + rows + ". ";
        } catch (SQLException e) {
            return "";
        } finally {
            Sessions.close(c);
        }
    }

    /** The sessions that hold or wait for locks on the relation, one phrase each, or "" when none. */
    public static String lockHolders(Connection c, long oid) throws SQLException {
        List<String> rows = Jdbc.query(c, BlockerSql.lockHolders(), rs -> "pid " + rs.getInt("pid") + " "
                + (rs.getBoolean("granted") ? "holds " : "waits for ") + rs.getString("mode")
                + (rs.getString("app").isEmpty() ? "" : " (" + rs.getString("app") + ")")
                + ", " + rs.getString("state") + " for " + rs.getLong("xact_seconds") + "s: "
                + rs.getString("query").replaceAll("\\s+", " "), oid);
        return String.join("; ", rows);
    }
}
