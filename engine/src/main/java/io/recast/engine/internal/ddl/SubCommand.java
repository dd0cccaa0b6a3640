package io.recast.engine.internal.ddl;

import java.util.List;

/**
 * One sub-command of an ALTER TABLE, as written.
 *
 * @param text           its text, e.g. {@code ALTER COLUMN id TYPE bigint}
 * @param kind           what it does, as far as the planner needs to know
 * @param column         for ALTER COLUMN, the column as written (quoted if it was); else null
 * @param constraintName for ADD CONSTRAINT name, VALIDATE CONSTRAINT name, the name (unquoted); else null
 * @param constraintBody for ADD of a table constraint, its text without {@code ADD [CONSTRAINT name]},
 *                       e.g. {@code CHECK (a > 0)}
 * @param notValid       for ADD of a constraint: it says NOT VALID already
 * @param tablespace     for SET TABLESPACE, the tablespace's name (unquoted)
 * @param keyColumns     for ADD FOREIGN KEY, its referencing columns (unquoted)
 */
record SubCommand(String text, Kind kind, String column, String constraintName, String constraintBody, boolean notValid,
                  String tablespace, List<String> keyColumns) {
    enum Kind {
        ADD_COLUMN, ADD_CHECK, ADD_FOREIGN_KEY,
        /** PRIMARY KEY, UNIQUE, EXCLUDE: each builds an index. */
        ADD_INDEX_CONSTRAINT,
        /** ADD CONSTRAINT ... USING INDEX. */
        ADD_CONSTRAINT_USING_INDEX,
        ADD_OTHER_CONSTRAINT,
        SET_NOT_NULL, ALTER_TYPE, ALTER_COLUMN_OTHER, SET_TABLESPACE, SET_LOGGED, SET_UNLOGGED, SET_ACCESS_METHOD,
        SET_SCHEMA, RENAME, VALIDATE_CONSTRAINT, DROP, ATTACH_DETACH_PARTITION, OTHER
    }

    SubCommand {
        keyColumns = List.copyOf(keyColumns);
    }

    static SubCommand of(String text, Kind kind) {
        return new SubCommand(text, kind, null, null, null, false, null, List.of());
    }

    /** Whether a copy of the table in pg_temp can run it to show what the server does (see {@link Probe}). */
    boolean probeable() {
        return switch (kind) {
            // a temporary table cannot reference a permanent one, change its persistence, move schema or be a
            // partition; LIKE copies a NOT VALID check as valid, so VALIDATE on the copy would scan nothing
            case ADD_FOREIGN_KEY, SET_LOGGED, SET_UNLOGGED, SET_SCHEMA, ATTACH_DETACH_PARTITION, SET_TABLESPACE,
                 VALIDATE_CONSTRAINT -> false;
            default -> true;
        };
    }
}
