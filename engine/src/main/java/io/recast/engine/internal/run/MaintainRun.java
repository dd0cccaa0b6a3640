package io.recast.engine.internal.run;

import io.recast.engine.api.AbortedException;
import io.recast.engine.api.BloatOptions;
import io.recast.engine.api.BloatReport;
import io.recast.engine.api.DatabaseException;
import io.recast.engine.api.MaintainItem;
import io.recast.engine.api.MaintainItem.Status;
import io.recast.engine.api.MaintainListener;
import io.recast.engine.api.MaintainOptions;
import io.recast.engine.api.MaintainReport;
import io.recast.engine.api.MaintainReport.Outcome;
import io.recast.engine.api.RewriteException;
import io.recast.engine.api.RewriteResult;
import io.recast.engine.api.Units;
import io.recast.engine.internal.bloat.BloatMeasure;
import io.recast.engine.internal.history.History;
import io.recast.engine.internal.maintain.Housekeeping;
import io.recast.engine.internal.maintain.MaintainLock;
import io.recast.engine.internal.maintain.Rates;
import io.recast.engine.internal.maintain.Selection;
import io.recast.engine.internal.plan.RewriteRequest;
import io.recast.engine.internal.sql.Jdbc;
import io.recast.engine.internal.sql.Sessions;
import io.recast.engine.internal.sql.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * recast maintain: one database's bloat measured, the relations that need it picked and ordered,
 * then each repacked, reindexed, vacuumed (or, for an INVALID leftover of a failed REINDEX
 * CONCURRENTLY, dropped) in turn through the same engine and guards, inside the window. One run
 * per database at a time; every action and the run itself recorded in the history.
 */
public final class MaintainRun {
    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

    private final RunContext ctx;

    public MaintainRun(RunContext ctx) {
        this.ctx = ctx;
    }

    public MaintainReport run(MaintainOptions o, MaintainListener listener) {
        Instant start = ctx.clock().instant();
        Connection lock = null;
        String database;
        List<MaintainItem> items;
        String method;
        try {
            lock = Sessions.open(ctx.dataSource(), "maintain");
            database = Jdbc.currentDatabase(lock);
            MaintainLock.acquire(lock, database);
            Map<String, History.Done> lastDone = History.lastDone(lock);
            BloatReport bloat = new BloatMeasure(BloatOptions.builder().schema(o.schema()).minSizeBytes(0).method(o.method()).build())
                    .measure(lock, lastDone);
            method = bloat.method();
            items = Selection.select(bloat.relations(), lastDone, o, start, Rates.read(lock));
        } catch (SQLException e) {
            Sessions.close(lock);
            throw new DatabaseException("maintain could not measure the database", e);
        } catch (RuntimeException e) {
            Sessions.close(lock);
            throw e;
        }
        try {
            if (o.dryRun()) {
                return new MaintainReport(database, 0, method, items, Outcome.PLANNED,
                        Duration.between(start, ctx.clock().instant()));
            }
            return runItems(o, listener, database, method, items, start);
        } finally {
            try {
                MaintainLock.release(lock);
            } catch (SQLException e) {
                // the lock goes with the session
            }
            Sessions.close(lock);
        }
    }

    private MaintainReport runItems(MaintainOptions o, MaintainListener listener, String database, String method,
                                    List<MaintainItem> items, Instant start) {
        History history = ctx.history();
        History.Entry run = history.start(database, "maintain", null);
        long runId = run.id();
        AtomicBoolean windowClosed = new AtomicBoolean();
        ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "recast-maintain-window");
            t.setDaemon(true);
            return t;
        });
        String closedAt = o.deadline() == null ? null
                : HH_MM.format(o.deadline().atZone(ZoneId.systemDefault()));
        if (o.deadline() != null) {
            long delay = Math.max(0, Duration.between(ctx.clock().instant(), o.deadline()).toMillis());
            watchdog.schedule(() -> {
                windowClosed.set(true);
                ctx.cancellation().cancel("the maintenance window closed at " + closedAt);
            }, delay, TimeUnit.MILLISECONDS);
        }
        List<MaintainItem> done = new ArrayList<>();
        try {
            List<MaintainItem> todo = items.stream().filter(i -> i.status() == Status.PLANNED).toList();
            int index = 0;
            for (MaintainItem item : todo) {
                index++;
                if (windowClosed.get()) {
                    done.add(ended(listener, item.ended(Status.NOT_REACHED, "the window closed at " + closedAt, -1,
                            null, null)));
                    continue;
                }
                if (ctx.cancellation().cancelled()) {
                    done.add(ended(listener, item.ended(Status.NOT_REACHED, "maintain was stopped ("
                            + ctx.cancellation().reason() + ")", -1, null, null)));
                    continue;
                }
                Instant now = ctx.clock().instant();
                if (o.deadline() != null && now.plus(item.estimate()).isAfter(o.deadline())) {
                    done.add(ended(listener, item.ended(Status.SKIPPED, "estimated " + Units.duration(item.estimate())
                            + " (" + item.estimateBasis() + "), " + Units.duration(Duration.between(now, o.deadline()))
                            + " left in the window", -1, null, null)));
                    continue;
                }
                long needs = item.action().equals("repack") || item.action().equals("reindex")
                        ? Math.max(0, item.sizeBefore() - item.reclaimableBytes()) : 0;
                if (o.diskHeadroomBytes() > 0 && needs > o.diskHeadroomBytes()) {
                    done.add(ended(listener, item.ended(Status.SKIPPED, "its new copy needs about " + Units.size(needs)
                            + ", more than the disk headroom of " + Units.size(o.diskHeadroomBytes()), -1, null, null)));
                    continue;
                }
                listener.started(item, index, todo.size());
                done.add(ended(listener, runOne(o, item, runId, windowClosed, closedAt)));
            }
        } finally {
            watchdog.shutdownNow();
        }
        long ok = done.stream().filter(i -> i.status() == Status.DONE).count();
        long failed = done.stream().filter(i -> i.status() == Status.FAILED).count();
        List<MaintainItem> leftOut = items.stream().filter(i -> i.status() != Status.PLANNED).toList();
        String summary = ok + " done, " + failed + " failed, " + (done.size() - ok - failed) + " not done, "
                + leftOut.size() + " left out";
        done.addAll(leftOut);
        Outcome outcome = done.stream().anyMatch(i -> i.status() == Status.FAILED) ? Outcome.SOME_FAILED
                : done.stream().anyMatch(i -> i.status() == Status.STOPPED || i.status() == Status.NOT_REACHED
                        || i.status() == Status.SKIPPED && i.detail().endsWith("left in the window"))
                        ? Outcome.WINDOW_CLOSED : Outcome.DONE;
        boolean userStop = ctx.cancellation().cancelled() && !windowClosed.get();
        if (userStop) {
            run.ended("aborted", summary + " (" + ctx.cancellation().reason() + ")");
            throw new AbortedException("maintain stopped (" + ctx.cancellation().reason() + "): " + summary);
        }
        if (outcome == Outcome.DONE) {
            run.ended("done", summary);
        } else {
            run.ended(outcome.label(), summary);
        }
        return new MaintainReport(database, runId, method, done, outcome, Duration.between(start, ctx.clock().instant()));
    }

    /** Runs one item; its failure is the item's, never the run's. */
    private MaintainItem runOne(MaintainOptions o, MaintainItem item, long runId, AtomicBoolean windowClosed,
                                String closedAt) {
        Instant began = ctx.clock().instant();
        String[] name = {item.schema(), item.name()};
        try {
            Duration hold = null;
            if (item.action().equals("repack")) {
                RewriteResult r = new RepackRun(ctx).run(new RewriteRequest(item.relation(), null, o.rewrite()),
                        runId == 0 ? null : runId);
                hold = r.lockHold();
                return item.ended(Status.DONE, null, r.sizeAfter(), Duration.between(began, ctx.clock().instant()), hold);
            }
            History.Entry entry = ctx.history().start(item.relation(), item.action(), runId == 0 ? null : runId);
            Connection c = null;
            try {
                c = Sessions.open(ctx.dataSource(), "maintain " + item.action());
                ctx.cancellation().running(c);
                ctx.cancellation().check();
                Duration lockTimeout = o.rewrite().cutover().lockTimeout();
                switch (item.action()) {
                    case "reindex" -> Housekeeping.reindex(c, name[0], name[1], lockTimeout);
                    case "vacuum" -> Housekeeping.vacuum(c, name[0], name[1], lockTimeout);
                    case "drop" -> Housekeeping.dropIndex(c, name[0], name[1], lockTimeout);
                    default -> throw new IllegalStateException("unknown action " + item.action());
                }
                ctx.cancellation().running(null);
                long after = item.action().equals("drop") ? 0
                        : Jdbc.queryLong(c, RunSql.TOTAL_SIZE, Sql.qualified(name[0], name[1]));
                entry.done(after, null);
                return item.ended(Status.DONE, null, after, Duration.between(began, ctx.clock().instant()), null);
            } catch (SQLException e) {
                ctx.cancellation().running(null);
                RuntimeException failure = ctx.cancellation().cancelled()
                        ? new AbortedException("aborted (" + ctx.cancellation().reason() + "): " + e.getMessage().strip())
                        : new DatabaseException(item.action() + " of " + item.relation() + " failed", e);
                entry.failed(failure);
                throw failure;
            } catch (RuntimeException e) {
                entry.failed(e);
                throw e;
            } finally {
                ctx.cancellation().running(null);
                Sessions.close(c);
            }
        } catch (AbortedException e) {
            String why = windowClosed.get() ? "stopped when the window closed at " + closedAt + ", before any swap: "
                    + "nothing changed" : e.getMessage();
            return item.ended(Status.STOPPED, why, -1, Duration.between(began, ctx.clock().instant()), null);
        } catch (RewriteException e) {
            return item.ended(Status.FAILED, e.getMessage(), -1, Duration.between(began, ctx.clock().instant()), null);
        }
    }

    private static MaintainItem ended(MaintainListener listener, MaintainItem item) {
        listener.ended(item);
        return item;
    }
}
