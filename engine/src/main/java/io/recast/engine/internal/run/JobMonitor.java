package io.recast.engine.internal.run;

import io.recast.engine.api.ThrottleOptions;
import io.recast.engine.internal.job.JobControl;
import io.recast.engine.internal.job.JobLock;
import io.recast.engine.internal.runtime.ArtifactNames;
import io.recast.engine.internal.runtime.BetweenBatches;
import io.recast.engine.internal.runtime.Cancellation;
import io.recast.engine.internal.runtime.PauseGate;
import io.recast.engine.internal.runtime.Progress;
import io.recast.engine.internal.sql.LazySession;
import io.recast.engine.internal.throttle.Replicas;
import io.recast.engine.internal.throttle.ThrottleSignals;
import java.sql.SQLException;
import java.time.Clock;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * A run's time between batches: the throttle signals ({@link ThrottleSignals}) and the job row's
 * report and requests ({@link JobControl}) on one shared "monitor" connection, asked by a
 * {@link PauseGate} in that order. The two steps know nothing of each other; the run composes them.
 */
final class JobMonitor implements BetweenBatches, AutoCloseable {
    private final LazySession session;
    private final ThrottleSignals signals;
    private final JobControl control;
    private final PauseGate gate;
    private JobLock lock;

    JobMonitor(DataSource ds, long tableOid, ArtifactNames names, ThrottleOptions options, Replicas replicas,
               Clock clock, Consumer<String> warn) {
        this.session = new LazySession(ds, "monitor");
        this.signals = new ThrottleSignals(session, tableOid, names, options.rules(), options.query(), replicas, warn);
        this.control = new JobControl(session);
        this.gate = new PauseGate(options.interval(), clock, warn, control, signals);
    }

    /** The job whose row is reported to and whose requests are read. */
    void job(long id) {
        control.job(id);
    }

    /** The run's job lock, whose session is checked between batches: a run never goes on without it. */
    void guard(JobLock jobLock) {
        this.lock = jobLock;
    }

    /** Reads every signal once before anything is created: a critical one refuses the run. */
    void checkSignals() throws SQLException {
        signals.check();
    }

    /** The request the job row holds ("pause", "cutover", ...), or null. */
    String requested() {
        return control.requested();
    }

    @Override
    public void between(Progress progress, Cancellation cancel) throws SQLException {
        if (lock != null) {
            lock.check();
        }
        gate.between(progress, cancel);
    }

    @Override
    public void close() {
        signals.close();
        session.close();
    }
}
