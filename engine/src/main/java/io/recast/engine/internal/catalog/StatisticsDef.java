package io.recast.engine.internal.catalog;

import io.recast.engine.internal.sql.Sql;

/**
 * An extended statistics object on the table. Statistics live in a schema of their own choosing
 * and do not move with the table, so the swap renames and moves them explicitly.
 *
 * @param body       pg_get_statisticsobjdef() between the name and " FROM table": kinds and ON list
 * @param statTarget its statistics target when set, else null
 */
public record StatisticsDef(String schema, String name, String body, Integer statTarget, String owner,
                            String comment) {
    public String qualified() {
        return Sql.qualified(schema, name);
    }
}
