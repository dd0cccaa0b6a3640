package io.recast.engine.internal.ddl;

import io.recast.engine.api.AbortedException;
import io.recast.engine.api.DatabaseException;
import io.recast.engine.api.DdlStep;
import io.recast.engine.api.LockTimeoutException;
import io.recast.engine.api.MigrateOptions;
import io.recast.engine.api.MigrationListener;
import io.recast.engine.api.MigrationResult;
import io.recast.engine.api.NotEligibleException;
import io.recast.engine.api.PlannedStatement;
import io.recast.engine.api.RewriteException;
import io.recast.engine.api.ScriptStatement;
import io.recast.engine.api.Strategy;
import io.recast.engine.internal.runtime.Cancellation;
import io.recast.engine.internal.runtime.ShortLock;
import io.recast.engine.internal.sql.Jdbc;
import io.recast.engine.internal.sql.SqlStates;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Runs the statements of a file, each as its plan says, one after the other, on one session with
 * the user's search_path. Each step is its own transaction: SHORT_LOCK steps under
 * {@code lock_timeout}, retried with backoff while their lock is not granted; CONCURRENT steps
 * outside a transaction, an INVALID index a failed build left dropped before a retry (a uniqueness
 * violation is not retried). The first failure stops the run; the result names the statements
 * applied, the one that failed and what of it is in place.
 */
final class Migrator {
    private final MigrateOptions options;
    private final MigrationListener listener;
    private final RewriteRunner rewrites;
    private final Cancellation cancellation;

    /** A step's failure, with what it left that the step's plan cannot know (an index that could not be dropped). */
    private static final class StepFailure extends Exception {
        final RewriteException cause;
        final String left;

        StepFailure(RewriteException cause, String left) {
            super(cause);
            this.cause = cause;
            this.left = left;
        }
    }

    Migrator(MigrateOptions options, MigrationListener listener, RewriteRunner rewrites, Cancellation cancellation) {
        this.options = options;
        this.listener = listener;
        this.rewrites = rewrites;
        this.cancellation = cancellation;
    }

    /**
     * Plans every statement first and refuses, running nothing, when one is refused or needs the
     * shadow engine and there is none; then runs them, each planned again right before it runs
     * (the statements before it may have changed what it touches).
     *
     * @throws NotEligibleException when the plan is refused; nothing was run
     */
    MigrationResult run(Connection c, List<ScriptStatement> statements) throws SQLException {
        DdlPlanner planner = new DdlPlanner(c);
        List<PlannedStatement> plan = new ArrayList<>();
        for (ScriptStatement s : statements) {
            plan.add(planner.plan(s));
        }
        List<String> refusals = new ArrayList<>();
        for (PlannedStatement p : plan) {
            refusal(p).ifPresent(refusals::add);
        }
        if (!refusals.isEmpty()) {
            throw new NotEligibleException("migrate", "the file", List.of(String.join("; ", refusals)
                    + "; nothing was run"));
        }
        List<MigrationResult.Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < plan.size(); i++) {
            long start = System.nanoTime();
            PlannedStatement p = i == 0 ? plan.get(0) : planner.plan(statements.get(i));
            int done = 0;
            try {
                cancellation.check();
                var refused = refusal(p);
                if (refused.isPresent()) {
                    throw new StepFailure(new NotEligibleException("migrate", p.source().label(),
                            List.of(refused.get() + " (planned again after the statements before it ran)")), null);
                }
                listener.statementStarted(p);
                for (DdlStep step : p.steps()) {
                    runStep(c, p, done + 1, step);
                    done++;
                }
                outcomes.add(new MigrationResult.Outcome(p, MigrationResult.Status.APPLIED, done, since(start)));
            } catch (StepFailure | AbortedException e) {
                RewriteException cause = e instanceof StepFailure f ? f.cause : (AbortedException) e;
                String left = e instanceof StepFailure f && f.left != null ? f.left
                        : done == 0 ? "nothing of " + p.source().label() + " is in place"
                        : p.steps().get(done - 1).stateAfter();
                outcomes.add(new MigrationResult.Outcome(p, MigrationResult.Status.FAILED, done, since(start)));
                for (int k = i + 1; k < plan.size(); k++) {
                    outcomes.add(new MigrationResult.Outcome(plan.get(k), MigrationResult.Status.NOT_RUN, 0, Duration.ZERO));
                }
                return new MigrationResult(outcomes, cause, left);
            }
        }
        return new MigrationResult(outcomes, null, null);
    }

    private Optional<String> refusal(PlannedStatement p) {
        if (p.refused()) {
            return Optional.of(p.source().label() + " is refused: " + p.reason());
        }
        if (p.strategy() == Strategy.REWRITE && rewrites == null) {
            return Optional.of(p.source().label() + " needs a rewrite of " + p.table() + " ("
                    + p.reason() + "), which is recast alter's job: run it with recast alter, or remove it from the file");
        }
        return Optional.empty();
    }

    private void runStep(Connection c, PlannedStatement p, int n, DdlStep step) throws StepFailure {
        switch (step.kind()) {
            case REWRITE -> {
                listener.stepStarted(p, n, step, 1);
                long start = System.nanoTime();
                rewrite(p);
                listener.stepDone(p, n, step, since(start));
            }
            case SHORT_LOCK, CONCURRENT -> withRetries(c, p, n, step);
        }
    }

    private void rewrite(PlannedStatement p) throws StepFailure {
        try {
            rewrites.rewrite(p.table(), p.subCommands());
        } catch (RewriteException e) {
            throw new StepFailure(e, "as the shadow engine left it: it removes what it made when it fails before the "
                    + "swap, so " + p.table() + " is as it was");
        }
    }

    private void withRetries(Connection c, PlannedStatement p, int n, DdlStep step) throws StepFailure {
        boolean concurrent = step.kind() == DdlStep.Kind.CONCURRENT;
        Duration timeout = concurrent ? options.indexLockTimeout() : options.lockTimeout();
        Set<Long> indexesBefore = concurrent ? indexes(c, p) : Set.of();
        for (int attempt = 1; ; attempt++) {
            cancellation.check();
            listener.stepStarted(p, n, step, attempt);
            long start = System.nanoTime();
            try {
                if (concurrent && attempt > 1) {
                    // what the failed attempt left; dropped now, after the backoff, since the drop waits for
                    // the same old transactions that made the build time out
                    String left = dropInvalidIndexes(c, p, indexesBefore, timeout);
                    if (left != null) {
                        throw new SQLException(left, SqlStates.LOCK_NOT_AVAILABLE);
                    }
                }
                Jdbc.exec(c, "migrate", DdlSql.setLockTimeout(timeout.toMillis()));
                cancellation.running(c);
                Jdbc.exec(c, "migrate", step.sql());
                listener.stepDone(p, n, step, since(start));
                return;
            } catch (SQLException e) {
                cancellation.running(null);
                boolean retryable = SqlStates.isLockRetryable(e);
                if (retryable && attempt < options.maxAttempts() && !cancellation.cancelled()) {
                    Duration backoff = ShortLock.backoff(attempt);
                    listener.retrying(p, n, step, attempt, e.getMessage(), backoff);
                    cancellation.sleep(backoff);
                    continue;
                }
                String left = concurrent ? dropInvalidIndexes(c, p, indexesBefore, timeout) : null;
                if (cancellation.cancelled()) {
                    throw new StepFailure(new AbortedException("aborted (" + cancellation.reason() + ")"), left);
                }
                RewriteException failure = retryable
                        ? new LockTimeoutException(p.source().label() + ", step " + n + " (" + step.sql() + "): lock "
                        + "not granted within " + timeout.toMillis() + "ms in " + attempt + " attempts; a long "
                        + "transaction holds a conflicting lock on " + p.table() + " (see pg_locks), or an older "
                        + "transaction that a CONCURRENTLY build waits for is still open; retry later or raise "
                        + (concurrent ? "--index-lock-timeout" : "--lock-timeout") + "/--max-attempts", attempt)
                        : new DatabaseException(p.source().label() + ", step " + n + " (" + step.sql() + ")", e);
                throw new StepFailure(failure, left);
            } finally {
                cancellation.running(null);
                resetLockTimeout(c);
            }
        }
    }

    /**
     * Drops the INVALID indexes on the statement's table that were not there before the step:
     * what CREATE INDEX CONCURRENTLY or REINDEX CONCURRENTLY leaves when it fails. Each drop
     * waits at most {@code timeout} (zero: as long as it takes).
     *
     * @return null when none is left; else what is left and how to remove it
     */
    private String dropInvalidIndexes(Connection c, PlannedStatement p, Set<Long> before, Duration timeout) {
        try {
            List<String> left = new ArrayList<>();
            for (var idx : Jdbc.query(c, DdlSql.indexes(), rs -> new Object[] {rs.getLong(1), rs.getString(2),
                    rs.getBoolean(3)}, tableOid(c, p))) {
                if (before.contains((Long) idx[0]) || (Boolean) idx[2]) {
                    continue;
                }
                String drop = DdlSql.dropIndexConcurrently((String) idx[1]);
                try {
                    Jdbc.exec(c, "migrate", DdlSql.setLockTimeout(timeout.toMillis()));
                    Jdbc.exec(c, "migrate", drop);
                    listener.warning(p, "dropped the INVALID index " + idx[1] + " the failed build left");
                } catch (SQLException e) {
                    left.add("the INVALID index " + idx[1] + " the failed build left is still there (dropping it "
                            + "failed: " + e.getMessage().strip() + "): " + drop);
                } finally {
                    resetLockTimeout(c);
                }
            }
            return left.isEmpty() ? null : String.join("; ", left);
        } catch (SQLException e) {
            return "an INVALID index the failed build left may remain on " + p.table() + " (could not look: "
                    + e.getMessage().strip() + "); see pg_index.indisvalid";
        }
    }

    private Set<Long> indexes(Connection c, PlannedStatement p) throws StepFailure {
        try {
            return new HashSet<>(Jdbc.query(c, DdlSql.indexes(), rs -> rs.getLong(1), tableOid(c, p)));
        } catch (SQLException e) {
            throw new StepFailure(new DatabaseException("reading the indexes of " + p.table(), e), null);
        }
    }

    private static long tableOid(Connection c, PlannedStatement p) throws SQLException {
        return p.table() == null ? 0 : Jdbc.queryLong(c, DdlSql.oidOrZero(), p.table());
    }

    private static void resetLockTimeout(Connection c) {
        try {
            Jdbc.exec(c, "migrate", DdlSql.setLockTimeout(0));
        } catch (SQLException ignored) {
            // the next step sets its own; a broken connection fails there with its own message
        }
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
