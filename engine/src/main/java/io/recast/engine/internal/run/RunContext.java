package io.recast.engine.internal.run;

import io.recast.engine.api.RewriteListener;
import io.recast.engine.internal.history.History;
import io.recast.engine.internal.plan.Planner;
import io.recast.engine.internal.plan.RewritePlan;
import io.recast.engine.internal.runtime.Cancellation;
import java.time.Clock;
import java.util.Properties;
import javax.sql.DataSource;

/**
 * What every verb is wired with: the database, the listener, the cancellation the facade's
 * {@code cancel} sets, the clock, and the login for replica URLs. Immutable; no run state.
 */
public record RunContext(DataSource dataSource, RewriteListener listener, Cancellation cancellation, Clock clock,
                         Properties replicaLogin) {

    Planner planner() {
        return new Planner(dataSource);
    }

    /** The history table, recording with this context's listener for its warnings. */
    History history() {
        return new History(dataSource, listener);
    }

    /** One table's rewrite, ready to run. */
    TableRun table(RewritePlan plan) {
        return new TableRun(dataSource, plan, listener, cancellation, clock).replicaLogin(replicaLogin);
    }
}
