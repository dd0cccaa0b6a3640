package io.recast.engine.internal.shadow;

import io.recast.engine.internal.runtime.Cancellation;
import io.recast.engine.internal.sql.Jdbc;
import io.recast.engine.internal.sql.Sessions;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Index builds run at once on several sessions (recast repack --jobs): the worker and as many more
 * as needed, opened as workers (a reconnecting run ends them with the others) and closed at the
 * end (as many as the server gives: with none to spare, the worker builds them all). Each build's
 * statements run in order on one session; a failure stops the builds still to
 * start, cancels the running ones and is what is thrown; a cancelled run cancels them all.
 */
public final class IndexBuilds {
    private static final Logger LOG = LoggerFactory.getLogger(IndexBuilds.class);

    private IndexBuilds() {
    }

    public static void run(DataSource ds, Connection worker, List<List<String>> builds, int jobs, Cancellation cancel)
            throws SQLException {
        int sessions = Math.min(jobs, builds.size());
        List<Connection> opened = new ArrayList<>();
        AtomicInteger thread = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(sessions, r -> {
            Thread t = new Thread(r, "recast-index-" + thread.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            BlockingQueue<Connection> free = new LinkedBlockingQueue<>();
            free.add(worker);
            for (int i = 1; i < sessions; i++) {
                try {
                    Connection c = Sessions.open(ds, "worker");
                    opened.add(c);
                    free.add(c);
                } catch (SQLException e) {
                    // no session to spare (max_connections, the pool): the builds share those there are
                    LOG.info("index builds: {} of {} sessions ({})", i, sessions, e.getMessage());
                    break;
                }
            }
            AtomicBoolean failed = new AtomicBoolean();
            List<Future<Void>> futures = new ArrayList<>();
            for (List<String> build : builds) {
                futures.add(pool.submit(() -> {
                    Connection c = free.take();
                    cancel.alsoRunning(c);
                    try {
                        for (String s : build) {
                            cancel.check();
                            if (failed.get()) {
                                return null;
                            }
                            Jdbc.exec(c, "index", s);
                        }
                    } catch (SQLException | RuntimeException e) {
                        if (!failed.getAndSet(true)) {
                            stopOthers(worker, opened, c);
                            throw e;
                        }
                        return null; // cancelled because another build failed: that one's error counts
                    } finally {
                        cancel.notRunning(c);
                        free.add(c);
                    }
                    return null;
                }));
            }
            Throwable first = null;
            for (Future<Void> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    first = first == null ? e.getCause() : first;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    cancel.cancel("interrupted");
                    first = first == null ? e : first;
                }
            }
            if (first instanceof SQLException e) {
                throw e;
            }
            if (first instanceof RuntimeException e) {
                throw e;
            }
            if (first instanceof Error e) {
                throw e;
            }
            cancel.check();
        } finally {
            pool.shutdownNow();
            opened.forEach(Sessions::close);
        }
    }

    /** Cancels the statements of the sessions but {@code self}, once a build failed. */
    private static void stopOthers(Connection worker, List<Connection> opened, Connection self) {
        List<Connection> all = new ArrayList<>(opened);
        all.add(worker);
        for (Connection c : all) {
            if (c != self) {
                try {
                    c.unwrap(PGConnection.class).cancelQuery();
                } catch (SQLException e) {
                    // the session is gone or idle: nothing runs there to stop
                }
            }
        }
    }
}
