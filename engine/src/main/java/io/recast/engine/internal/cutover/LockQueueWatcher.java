package io.recast.engine.internal.cutover;

import io.recast.engine.internal.sql.Jdbc;
import io.recast.engine.internal.sql.Sessions;
import io.recast.engine.internal.sql.SqlStates;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches, from a second connection, the sessions queued behind one cut-over attempt. While our
 * lock request waits, more than {@code maxQueued} sessions behind it, or one of them waiting longer
 * than {@code maxQueueWait}, makes it cancel our own request (pg_cancel_backend of our backend:
 * no other session is touched), so the attempt rolls back and is retried later. Until it is
 * stopped, it also records the longest wait of any session queued behind us, the lock hold
 * included: what the cut-over cost the application.
 */
final class LockQueueWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LockQueueWatcher.class);
    private static final long POLL_MS = 10;

    private final DataSource ds;
    private volatile Connection c;
    private final int ourPid;
    private final String queueSql;
    private final int maxQueued;
    private final Duration maxQueueWait;
    private final Thread thread;
    private volatile boolean stop;
    private volatile String cancelledBecause;
    private volatile double longestWaitMs;

    private LockQueueWatcher(DataSource ds, Connection c, int ourPid, int serverVersion, int maxQueued,
                             Duration maxQueueWait) {
        this.ds = ds;
        this.c = c;
        this.ourPid = ourPid;
        this.queueSql = BlockerSql.queue(serverVersion);
        this.maxQueued = maxQueued;
        this.maxQueueWait = maxQueueWait;
        this.thread = new Thread(this::loop, "recast-lock-queue-watcher");
        this.thread.setDaemon(true);
    }

    /** Starts watching the backend {@code ourPid}; null (no watching) when no connection can be had. */
    static LockQueueWatcher start(DataSource ds, int ourPid, int serverVersion, int maxQueued, Duration maxQueueWait) {
        try {
            Connection c = Sessions.open(ds, "lock watcher");
            LockQueueWatcher w = new LockQueueWatcher(ds, c, ourPid, serverVersion, maxQueued, maxQueueWait);
            w.thread.start();
            return w;
        } catch (SQLException e) {
            LOG.warn("cannot watch the lock queue of the cut-over ({}); lock_timeout alone bounds the wait", e.getMessage());
            return null;
        }
    }

    private void loop() {
        while (!stop) {
            try {
                Jdbc.queryOne(c, queueSql, rs -> {
                    int queued = rs.getInt("queued");
                    double oldest = rs.getDouble("oldest_ms");
                    boolean waiting = rs.getBoolean("waiting");
                    longestWaitMs = Math.max(longestWaitMs, oldest);
                    if (waiting && cancelledBecause == null && queued > 0
                            && (queued > maxQueued || oldest > maxQueueWait.toMillis())) {
                        cancelledBecause = queued + " session" + (queued == 1 ? "" : "s")
                                + " queued behind the lock request, the longest for " + Math.round(oldest) + "ms";
                        Jdbc.queryOne(c, BlockerSql.endBackend(true), r -> r.getBoolean(1), ourPid);
                    }
                    return null;
                }, ourPid, ourPid, ourPid);
                Thread.sleep(POLL_MS);
            } catch (SQLException e) {
                if (stop) {
                    return;
                }
                if (SqlStates.isConnectionLost(e) && reopen()) {
                    continue; // its session was lost: watching goes on from a new one
                }
                LOG.warn("lock queue watcher stopped: {}", e.getMessage());
                return;
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** A new session for a lost one; false when none can be had (the attempt's own lock_timeout still bounds it). */
    private boolean reopen() {
        Sessions.close(c);
        try {
            c = Sessions.open(ds, "lock watcher");
            LOG.info("lock queue watcher: its session was lost; watching from a new one");
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    /** Why it cancelled our request, or null when it did not. */
    String cancelledBecause() {
        return cancelledBecause;
    }

    /** The longest wait of a session queued behind us, seen so far. */
    Duration longestWait() {
        return Duration.ofMillis(Math.round(longestWaitMs));
    }

    @Override
    public void close() {
        stop = true;
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Sessions.close(c);
    }
}
