package io.recast.engine.internal.throttle;

import io.recast.engine.api.ThrottleRule;
import io.recast.engine.internal.job.JobControl;
import io.recast.engine.internal.runtime.ArtifactNames;
import io.recast.engine.internal.runtime.BetweenBatches;
import io.recast.engine.internal.runtime.Cancellation;
import io.recast.engine.internal.runtime.PauseGate;
import io.recast.engine.internal.runtime.Progress;
import io.recast.engine.internal.sql.LazySession;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * The run's time between batches as one object: {@link ThrottleSignals} and {@link JobControl} on
 * one shared connection, asked by a {@link PauseGate} in that order.
 */
// TODO(merge): callers in run/Recast move to ThrottleSignals + JobControl + PauseGate, composed in RepackRun;
// then this class goes, and with it the throttle package's only import of internal.job
public final class ThrottleMonitor implements BetweenBatches, AutoCloseable {
    private final LazySession session;
    private final ThrottleSignals signals;
    private final JobControl control;
    private final PauseGate gate;

    public ThrottleMonitor(DataSource ds, long tableOid, ArtifactNames names, List<ThrottleRule> rules,
                           String userQuery, Replicas replicas, Duration interval, Clock clock, Consumer<String> warn) {
        this.session = new LazySession(ds, "monitor");
        this.signals = new ThrottleSignals(session, tableOid, names, rules, userQuery, replicas, warn);
        this.control = new JobControl(session);
        this.gate = new PauseGate(interval, clock, warn, control, signals);
    }

    // TODO(merge): callers in run/Recast move to JobControl.job(id)
    public void job(long id) {
        control.job(id);
    }

    // TODO(merge): callers in run/Recast move to ThrottleSignals.check()
    public void checkSignals() throws SQLException {
        signals.check();
    }

    // TODO(merge): callers in run/Recast move to JobControl.requested()
    public String requested() {
        return control.requested();
    }

    // TODO(merge): callers in run/Recast move to BetweenBatches.NONE
    public static ThrottleMonitor none() {
        return new ThrottleMonitor(null, 0, null, List.of(), null, new Replicas(List.of(), new java.util.Properties()),
                Duration.ofSeconds(1), Clock.systemUTC(), m -> { });
    }

    // TODO(merge): callers in run/Recast move to ThrottleSignals.enabled()
    public boolean enabled() {
        return signals.enabled();
    }

    // TODO(merge): callers in run/Recast move to PauseGate.between(progress, cancel)
    @Override
    public void between(Progress progress, Cancellation cancel) throws SQLException {
        gate.between(progress, cancel);
    }

    @Override
    public void close() {
        signals.close();
        session.close();
    }
}
