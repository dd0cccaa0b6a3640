package io.recast.engine.internal.catalog;

import io.recast.engine.internal.sql.Sql;

/**
 * A foreign key of another table that references this one. The swap drops it and adds it again,
 * NOT VALID, on the new table; it is validated after the commit.
 *
 * @param definition pg_get_constraintdef(): names the referenced table by its qualified name, so
 *                   added again after the rename it references the new table
 */
public record IncomingKey(String schema, String table, String name, String definition, boolean validated,
                          String comment) {
    public String qualifiedTable() {
        return Sql.qualified(schema, table);
    }
}
