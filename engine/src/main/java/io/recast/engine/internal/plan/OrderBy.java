package io.recast.engine.internal.plan;

import io.recast.engine.internal.catalog.Column;
import io.recast.engine.internal.catalog.TableDefinition;
import io.recast.engine.internal.sql.Jdbc;
import io.recast.engine.internal.sql.SqlStates;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * --order-by, checked before anything is created: each name is a column of the new table that the copy
 * reads from one of the table's (its values are what the copy sorts by), and that column's type sorts.
 */
final class OrderBy {
    private OrderBy() {
    }

    /**
     * Every reason the copy cannot sort {@code table}'s rows by {@code columns}; empty when it can.
     *
     * @param table the table, its columns naming the new table's they are copied into
     */
    static List<String> reasons(Connection c, TableDefinition table, List<String> columns) throws SQLException {
        List<String> out = new ArrayList<>();
        for (String name : columns) {
            Optional<Column> col = table.columns().stream().filter(x -> !x.dropped() && x.target().equals(name))
                    .findFirst();
            if (col.isEmpty()) {
                out.add("--order-by names " + name + ", which is not a column of " + table.displayName()
                        + " (names are as the catalog has them, case included; with alter, a column it adds has no "
                        + "values to sort by yet)");
            } else if (!sorts(c, col.get().type())) {
                out.add("--order-by names " + name + ", whose type " + col.get().type() + " has no ordering (no "
                        + "default btree operator class); order by other columns");
            }
        }
        return out;
    }

    /** Whether values of the type can be sorted: the parser finds its "<" or says it cannot. */
    private static boolean sorts(Connection c, String type) throws SQLException {
        try {
            Jdbc.query(c, "EXPLAIN (COSTS OFF) SELECT CAST(NULL AS " + type + ") ORDER BY 1", rs -> rs.getString(1));
            return true;
        } catch (SQLException e) {
            if (SqlStates.is(e, SqlStates.UNDEFINED_FUNCTION)) {
                return false;
            }
            throw e;
        }
    }
}
