package io.recast.engine.internal.run;

import io.recast.engine.api.CutoverOptions;
import io.recast.engine.api.DatabaseException;
import io.recast.engine.internal.changelog.ChangeLog;
import io.recast.engine.internal.plan.RewritePlan;
import io.recast.engine.internal.replay.ReplaySql;
import io.recast.engine.internal.replay.Replayer;
import io.recast.engine.internal.runtime.Cancellation;
import io.recast.engine.internal.runtime.Progress;
import io.recast.engine.internal.sql.Jdbc;
import io.recast.engine.internal.verify.Verifier;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalTime;
import java.util.function.Consumer;

/**
 * The catch-up of a {@link TableRun}: replaying the change log until little waits, keeping the new
 * table in sync while a manual cut-over or its window is awaited, and {@code verify}'s rounds, each
 * replay batch its own transaction with the throttle and the job's requests heeded between batches.
 */
final class CatchUp {
    private final RewritePlan plan;
    private final Replayer replayer;
    private final JobMonitor monitor;
    private final Progress progress;
    private final Cancellation cancel;
    private final Consumer<String> warn;
    private final Clock clock;

    CatchUp(RewritePlan plan, Replayer replayer, JobMonitor monitor, Progress progress, Cancellation cancel,
            Consumer<String> warn, Clock clock) {
        this.plan = plan;
        this.replayer = replayer;
        this.monitor = monitor;
        this.progress = progress;
        this.cancel = cancel;
        this.warn = warn;
        this.clock = clock;
    }

    /**
     * Replays until at most {@code target} log rows wait; one transaction per batch, the throttle
     * signals read between batches. When the backlog keeps growing although every batch is
     * applied, the writes outrun the replay: the progress line says so (a critical backlog
     * threshold stops the run).
     */
    void toBacklog(Connection c, long target) throws SQLException {
        long backlog = ChangeLog.backlog(c, plan.names());
        progress.backlog(backlog);
        int growing = 0;
        while (backlog > target) {
            cancel.check();
            int applied = replayInOneSnapshot(c, plan.options().replay().batchRows());
            progress.replayed(applied);
            long before = backlog;
            backlog = ChangeLog.backlog(c, plan.names());
            progress.backlog(backlog);
            if (applied == 0) {
                return;
            }
            growing = backlog > before ? growing + 1 : 0;
            if (growing == OUTRUN_ROUNDS) {
                warn.accept("throttled: the change-log backlog grows faster than the replay (" + backlog
                        + " rows); the cut-over waits until it shrinks");
                progress.throttle(OUTRUN);
            } else if (growing == 0 && OUTRUN.equals(progress.throttleReason())) {
                progress.throttle(null);
            }
            monitor.between(progress, cancel);
        }
        if (OUTRUN.equals(progress.throttleReason())) {
            progress.throttle(null);
        }
    }

    /**
     * Replays until the log is empty, the last of it in one transaction with one snapshot: the
     * shadow then holds the table's rows as of that snapshot, each once, so a unique index builds on
     * it (rows the copy read before a write moved a unique value may still be there before that).
     */
    void drain(Connection c) throws SQLException {
        toBacklog(c, plan.options().replay().cutOverBacklog());
        progress.replayed(replayInOneSnapshot(c, Replayer.ALL));
        progress.backlog(ChangeLog.backlog(c, plan.names()));
    }

    private int replayInOneSnapshot(Connection c, int rows) throws SQLException {
        return Jdbc.transaction(c, () -> {
            Jdbc.exec(c, "replay", ReplaySql.ONE_SNAPSHOT);
            return replayer.applyBatch(c, rows);
        });
    }

    /**
     * With a manual cut-over or a cut-over window: keeps the new table in sync (replaying, throttle
     * and control as usual) until `recast cut-over` asks for the swap and the window is open.
     */
    void awaitCutOver(Connection c) throws SQLException {
        CutoverOptions o = plan.options().cutover();
        String told = null;
        while (o.manual() || o.window() != null) {
            cancel.check();
            boolean asked = !o.manual() || "cutover".equals(monitor.requested());
            boolean open = o.window() == null || o.window().contains(LocalTime.now(clock));
            if (asked && open) {
                if (told != null) {
                    progress.throttle(null);
                }
                return;
            }
            String why = !asked ? "waiting for recast cut-over --table " + plan.table().displayName()
                    : "waiting for the cut-over window " + o.window();
            if (!why.equals(told)) {
                warn.accept(why + "; the new table is kept in sync meanwhile");
                progress.throttle(why);
                told = why;
            }
            toBacklog(c, 0); // all of it: in sync, so the swap has little to drain
            monitor.between(progress, cancel);
            cancel.sleep(plan.options().throttle().interval());
        }
    }

    /** Replay batches in a row after which the backlog was larger than before: the writes outrun the replay. */
    private static final int OUTRUN_ROUNDS = 5;

    /** The throttle reason while the writes outrun the replay. */
    private static final String OUTRUN = "backlog growing faster than replay";

    void toBacklogUnchecked(Connection c, long target) {
        try {
            toBacklog(c, target);
        } catch (SQLException e) {
            throw new DatabaseException("replay between cut-over attempts on " + plan.table().displayName(), e);
        }
    }

    /**
     * {@code verify}: one REPEATABLE READ pass compares the shadow with the table, except the rows
     * whose keys are in the log; from then on the replay records the keys it applies, and those rows
     * are compared again in fresh snapshots (catching up in between) until few are left, which the
     * cut-over compares under its lock. A difference throws before anything is swapped.
     */
    Verifier verify(Connection c) throws SQLException {
        Verifier v = new Verifier(plan.table(), plan.names());
        v.compare(c, progress, cancel);
        replayer.recordKeys(v::replayed);
        long backlog = plan.options().replay().cutOverBacklog();
        long leftForTheLock = Math.max(backlog, VERIFY_LEFT_FOR_THE_LOCK);
        for (int round = 1; ; round++) {
            toBacklog(c, backlog);
            if (round > VERIFY_ROUNDS || (v.pending() <= leftForTheLock && !v.overflowed())) {
                return v;
            }
            v.narrow(c, progress, cancel);
        }
    }

    /** Changed rows {@code verify} leaves at most for the cut-over to compare under its lock... */
    private static final int VERIFY_LEFT_FOR_THE_LOCK = 1_000;
    /** ... after at most this many rounds of comparing them outside the lock. */
    private static final int VERIFY_ROUNDS = 5;
}
