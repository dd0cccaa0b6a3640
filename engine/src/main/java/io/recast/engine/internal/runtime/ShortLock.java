package io.recast.engine.internal.runtime;

import io.recast.engine.api.LockTimeoutException;
import io.recast.engine.internal.sql.Jdbc;
import io.recast.engine.internal.sql.SessionSql;
import io.recast.engine.internal.sql.SqlStates;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * Runs a few DDL statements in one transaction under a short lock_timeout, retrying with jittered
 * backoff when the lock is not granted, so that we never sit in the lock queue in front of the
 * application for longer than the timeout.
 */
public final class ShortLock {
    private ShortLock() {
    }

    /** Gives up after {@code attempts} attempts. */
    public static void run(Connection c, String what, List<String> statements, Duration lockTimeout, int attempts,
                           Cancellation cancel, Consumer<String> warn) throws SQLException {
        run(c, what, statements, lockTimeout, attempts, null, cancel, warn);
    }

    /**
     * Gives up once {@code retryFor} has passed since the first attempt (at least two attempts): for
     * drops, which may wait out a long transaction but must not queue in front of the application.
     */
    public static void runFor(Connection c, String what, List<String> statements, Duration lockTimeout,
                              Duration retryFor, Cancellation cancel, Consumer<String> warn) throws SQLException {
        run(c, what, statements, lockTimeout, Integer.MAX_VALUE, retryFor, cancel, warn);
    }

    private static void run(Connection c, String what, List<String> statements, Duration lockTimeout, int attempts,
                            Duration retryFor, Cancellation cancel, Consumer<String> warn) throws SQLException {
        long started = System.nanoTime();
        for (int attempt = 1; ; attempt++) {
            cancel.check();
            c.setAutoCommit(false);
            try {
                Jdbc.exec(c, what, SessionSql.localLockTimeout(lockTimeout));
                for (String s : statements) {
                    Jdbc.exec(c, what, s);
                }
                c.commit();
                c.setAutoCommit(true);
                return;
            } catch (SQLException e) {
                Jdbc.rollbackQuietly(c, e);
                if (!SqlStates.isLockRetryable(e)) {
                    throw e;
                }
                Duration spent = Duration.ofNanos(System.nanoTime() - started);
                Duration pause = backoff(attempt);
                boolean outOfTime = retryFor != null && attempt >= 2 && spent.plus(pause).compareTo(retryFor) > 0;
                if (attempt >= attempts || outOfTime) {
                    String tried = retryFor == null ? "in " + attempt + " attempts"
                            : "in " + attempt + " attempts over " + spent.toSeconds() + "s";
                    throw new LockTimeoutException(what + ": lock not granted within " + lockTimeout.toMillis()
                            + "ms " + tried + "; a long transaction holds a conflicting lock on "
                            + "the table (see pg_locks); retry later or raise --lock-timeout/"
                            + (retryFor == null ? "--max-attempts" : "--drop-timeout"), attempt);
                }
                if (retryFor == null || Integer.bitCount(attempt) == 1) { // a time-bounded retry warns less often
                    warn.accept(what + ": attempt " + attempt + (retryFor == null ? " of " + attempts
                            : ", for at most " + retryFor.toSeconds() + "s,") + " did not get its lock in "
                            + lockTimeout.toMillis() + "ms; retrying");
                }
                cancel.sleep(pause);
            } catch (RuntimeException e) {
                Jdbc.rollbackQuietly(c, e);
                throw e;
            }
        }
    }

    /** Exponential from 100 ms, capped at 5 s, with full jitter in [50%, 100%]. */
    public static Duration backoff(int attempt) {
        long cap = Math.min(5_000, 100L << Math.min(attempt - 1, 10));
        return Duration.ofMillis(cap / 2 + ThreadLocalRandom.current().nextLong(cap / 2 + 1));
    }
}
