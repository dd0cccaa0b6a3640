package io.recast.engine.internal.runtime;

import io.recast.engine.api.Phase;
import io.recast.engine.api.ProgressSnapshot;
import io.recast.engine.api.RewriteListener;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The user's listener, made harmless: an exception it throws is logged and dropped. Callbacks run
 * inside the job, some right after the swap commits, where a throw would be taken for a failed swap.
 */
public final class GuardedListener implements RewriteListener {
    private static final Logger LOG = LoggerFactory.getLogger(GuardedListener.class);
    private final RewriteListener delegate;

    private GuardedListener(RewriteListener delegate) {
        this.delegate = delegate;
    }

    public static RewriteListener wrap(RewriteListener l) {
        return l instanceof GuardedListener ? l : new GuardedListener(l);
    }

    private void guard(String callback, Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.warn("the listener's {} threw; ignored", callback, e);
        }
    }

    @Override
    public void phaseStarted(String table, Phase phase) {
        guard("phaseStarted", () -> delegate.phaseStarted(table, phase));
    }

    @Override
    public void progress(ProgressSnapshot snapshot) {
        guard("progress", () -> delegate.progress(snapshot));
    }

    @Override
    public void warning(String table, String message) {
        guard("warning", () -> delegate.warning(table, message));
    }

    @Override
    public void batchCopied(String table, long rows, Duration took) {
        guard("batchCopied", () -> delegate.batchCopied(table, rows, took));
    }

    @Override
    public void batchReplayed(String table, long rows) {
        guard("batchReplayed", () -> delegate.batchReplayed(table, rows));
    }

    @Override
    public void throttled(String table, String reason) {
        guard("throttled", () -> delegate.throttled(table, reason));
    }

    @Override
    public void cutOverAttempt(String table, int attempt, boolean succeeded, Duration lockWait, Duration lockHold) {
        guard("cutOverAttempt", () -> delegate.cutOverAttempt(table, attempt, succeeded, lockWait, lockHold));
    }
}
