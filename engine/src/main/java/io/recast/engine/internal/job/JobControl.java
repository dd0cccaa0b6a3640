package io.recast.engine.internal.job;

import io.recast.engine.api.AbortedException;
import io.recast.engine.internal.runtime.PauseGate;
import io.recast.engine.internal.runtime.Progress;
import io.recast.engine.internal.sql.LazySession;
import java.sql.SQLException;

/**
 * The job's side of the time between batches: its progress reported to its row in the job table,
 * and what `recast pause|resume|abort|cut-over` asked there read back and obeyed.
 */
public final class JobControl implements PauseGate.Source {
    private final LazySession session;
    private long jobId = -1;
    private volatile String requested;

    /** @param session the connection it reports on (shared with the throttle signals) */
    public JobControl(LazySession session) {
        this.session = session;
    }

    /** From now on, reports to the row of job {@code id} and obeys what is asked there. */
    public void job(long id) {
        this.jobId = id;
    }

    /** What `recast pause|resume|abort|cut-over` last asked of the job, as last read, or null. */
    public String requested() {
        return requested;
    }

    @Override
    public boolean active() {
        return jobId >= 0;
    }

    /**
     * Writes the progress to the job's row and reads what was asked there.
     *
     * @return the reason while paused by `recast pause`, else null
     * @throws AbortedException when `recast abort` asked
     */
    @Override
    public String pauseReason(Progress progress) throws SQLException {
        String asked = jobId < 0 ? null : JobTable.report(session.get(), jobId, progress.snapshot());
        this.requested = asked;
        if ("abort".equals(asked)) {
            throw new AbortedException("aborted by recast abort during " + progress.phase().label() + "; "
                    + progress.table() + " is as it was, and what the run made is removed");
        }
        return "pause".equals(asked) ? "paused by recast pause (recast resume goes on)" : null;
    }
}
