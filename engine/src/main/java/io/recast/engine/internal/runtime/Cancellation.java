package io.recast.engine.internal.runtime;

import io.recast.engine.api.AbortedException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run's cancel flag. Steps call {@link #check()} between statements and {@link #sleep} instead
 * of Thread.sleep; {@link #cancel} also cancels the statements running on the registered connections,
 * so a long index build stops at once.
 */
public final class Cancellation {
    private static final Logger LOG = LoggerFactory.getLogger(Cancellation.class);
    private final Object monitor = new Object();
    private volatile String reason;
    private final Set<Connection> active = ConcurrentHashMap.newKeySet();

    public void cancel(String why) {
        reason = why;
        for (Connection c : active) {
            try {
                c.unwrap(PGConnection.class).cancelQuery();
            } catch (SQLException e) {
                LOG.debug("could not cancel the running statement: {}", e.getMessage());
            }
        }
        synchronized (monitor) {
            monitor.notifyAll();
        }
    }

    public boolean cancelled() {
        return reason != null;
    }

    public String reason() {
        return reason;
    }

    /** @throws AbortedException when the run was cancelled or the thread interrupted */
    public void check() {
        if (Thread.currentThread().isInterrupted() && reason == null) {
            reason = "interrupted";
        }
        if (reason != null) {
            throw new AbortedException("aborted (" + reason + ")");
        }
    }

    /** Sleeps, waking early when cancelled. */
    public void sleep(Duration d) {
        check();
        long until = System.nanoTime() + d.toNanos();
        synchronized (monitor) {
            long left;
            while (reason == null && (left = until - System.nanoTime()) > 0) {
                try {
                    monitor.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    reason = "interrupted";
                }
            }
        }
        check();
    }

    /** The connection whose statement {@link #cancel} should stop; null to clear. */
    public void running(Connection c) {
        active.clear();
        if (c != null) {
            active.add(c);
        }
    }

    /** One more connection whose statement {@link #cancel} stops (the parallel index builds'). */
    public void alsoRunning(Connection c) {
        active.add(c);
    }

    /** Undoes {@link #alsoRunning}. */
    public void notRunning(Connection c) {
        active.remove(c);
    }
}
