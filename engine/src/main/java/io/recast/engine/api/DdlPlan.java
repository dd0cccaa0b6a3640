package io.recast.engine.api;

import java.util.List;

/** The plan of a SQL file: one {@link PlannedStatement} per statement, in order. */
public record DdlPlan(List<PlannedStatement> statements) {
    public DdlPlan {
        statements = List.copyOf(statements);
    }

    public List<PlannedStatement> refused() {
        return statements.stream().filter(PlannedStatement::refused).toList();
    }

    public List<PlannedStatement> rewrites() {
        return statements.stream().filter(s -> s.strategy() == Strategy.REWRITE).toList();
    }
}
