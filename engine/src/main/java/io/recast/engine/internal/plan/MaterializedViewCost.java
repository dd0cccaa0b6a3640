package io.recast.engine.internal.plan;

import io.recast.engine.internal.catalog.MaterializedViewDef;
import io.recast.engine.internal.catalog.TableDefinition;
import io.recast.engine.internal.sql.Jdbc;
import io.recast.engine.internal.sql.SqlStates;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What rebuilding the materialized views that read a table would cost inside the swap, measured
 * before anything is created by running each one's query now (read only, bounded). The swap writes
 * the rows again and builds the view's indexes, so a rebuild is taken to cost twice its query; the
 * views are rebuilt by default when all of that fits in half of the lock budget (--max-lock-hold).
 */
public record MaterializedViewCost(Map<Long, Duration> queryTimes, Map<Long, String> failures, Duration limit,
                                   boolean fits) {

    /** Each view's query time; a query stopped at {@code limit} (a quarter of the budget) does not fit. */
    static MaterializedViewCost measure(Connection c, TableDefinition t, Duration maxLockHold) throws SQLException {
        Duration budget = maxLockHold.dividedBy(2);
        Duration limit = budget.dividedBy(2);
        Map<Long, Duration> times = new LinkedHashMap<>();
        Map<Long, String> failures = new LinkedHashMap<>();
        Duration total = Duration.ZERO;
        boolean stopped = false;
        for (MaterializedViewDef m : t.materializedViews()) {
            Duration d;
            try {
                d = m.populated() ? time(c, m, limit) : Duration.ZERO; // WITH NO DATA runs no query
            } catch (SQLException e) {
                // the swap would run the same query as this role, and fail the same way
                failures.put(m.oid(), e.getMessage() == null ? e.toString() : e.getMessage().strip());
                d = null;
            }
            stopped |= d == null;
            times.put(m.oid(), d == null ? limit : d);
            total = total.plus(d == null ? limit : d.multipliedBy(2));
        }
        return new MaterializedViewCost(times, failures, limit, !stopped && total.compareTo(budget) <= 0);
    }

    /** Nothing to measure: no view, or rebuilding was allowed whatever it costs. */
    static MaterializedViewCost none() {
        return new MaterializedViewCost(Map.of(), Map.of(), Duration.ZERO, true);
    }

    /** The query's time, or null when it was stopped at {@code limit}. */
    private static Duration time(Connection c, MaterializedViewDef m, Duration limit) throws SQLException {
        String definition = Jdbc.queryOne(c, PlanSql.VIEW_DEFINITION, rs -> rs.getString(1), m.oid()).orElseThrow();
        long started = System.nanoTime();
        try {
            Jdbc.transaction(c, () -> {
                Jdbc.exec(c, "measure", PlanSql.READ_ONLY);
                Jdbc.exec(c, "measure", PlanSql.statementTimeout(Math.max(1, limit.toMillis())));
                return Jdbc.query(c, PlanSql.runQuery(definition), rs -> null);
            });
        } catch (SQLException e) {
            if (!SqlStates.is(e, SqlStates.QUERY_CANCELED)) {
                throw e;
            }
            return null;
        }
        return Duration.ofNanos(System.nanoTime() - started);
    }

    /** How the view's query measured, for a refusal: "took 40 ms", "ran longer than 1250 ms", or its error. */
    public String describe(long viewOid) {
        if (failures.containsKey(viewOid)) {
            return "could not be run by this role (" + failures.get(viewOid) + ")";
        }
        Duration d = queryTimes.getOrDefault(viewOid, Duration.ZERO);
        return d.compareTo(limit) >= 0 ? "ran longer than " + d.toMillis() + " ms" : "took " + d.toMillis() + " ms";
    }
}
