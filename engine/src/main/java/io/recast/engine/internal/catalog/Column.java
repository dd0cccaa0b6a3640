package io.recast.engine.internal.catalog;

import io.recast.engine.internal.sql.Sql;
import java.util.List;

/**
 * One live column of the table (dropped columns are never read).
 *
 * @param type        format_type() output, schema-qualified where needed
 * @param collation   quoted, qualified collation when it differs from the type's default, else null
 * @param defaultExpr the DEFAULT expression, or null; for a generated column its expression
 * @param generated   "STORED" or "VIRTUAL" (18+) for a generated column, else null
 * @param identity    "ALWAYS" or "BY DEFAULT" for an identity column, else null
 * @param storage     a storage different from the type's ('p','e','m','x'), else null
 * @param compression "pglz" or "lz4" when set on the column, else null
 * @param statTarget  per-column statistics target, or null for the default
 * @param notNullName the name of the column's NOT NULL constraint (18+, where they have names), else null
 * @param options     its attribute options (pg_attribute.attoptions: n_distinct, n_distinct_inherited) as
 *                    the catalog prints them, "name=value", in their order; empty when none
 * @param copyTo      with {@code recast alter}: the new table's name for the column (null: the same)
 * @param copyExpr    with {@code recast alter}: the expression the copy writes into it, over the
 *                    table's columns (null: the column itself, converted as INSERT converts)
 * @param dropped     with {@code recast alter}: the new table no longer has the column
 */
public record Column(int attnum, String name, String type, boolean notNull, String collation,
                     String defaultExpr, String generated, String identity, String storage,
                     String compression, Integer statTarget, String comment, String notNullName,
                     List<String> options, String copyTo, String copyExpr, boolean dropped) {

    public Column {
        options = options == null ? List.of() : List.copyOf(options);
    }

    public Column(int attnum, String name, String type, boolean notNull, String collation, String defaultExpr,
                  String generated, String identity, String storage, String compression, Integer statTarget,
                  String comment, String notNullName, List<String> options) {
        this(attnum, name, type, notNull, collation, defaultExpr, generated, identity, storage, compression,
                statTarget, comment, notNullName, options, null, null, false);
    }

    /** A column without attribute options. */
    public Column(int attnum, String name, String type, boolean notNull, String collation, String defaultExpr,
                  String generated, String identity, String storage, String compression, Integer statTarget,
                  String comment, String notNullName) {
        this(attnum, name, type, notNull, collation, defaultExpr, generated, identity, storage, compression,
                statTarget, comment, notNullName, List.of());
    }

    /** Whether the backfill and replay copy this column (generated columns compute themselves). */
    public boolean copied() {
        return generated == null && !dropped;
    }

    /** The new table's name for it. */
    public String target() {
        return copyTo == null ? name : copyTo;
    }

    /** What the copy selects for it, over the table's columns. */
    public String source() {
        return copyExpr == null ? Sql.ident(name) : "(" + copyExpr + ")";
    }

    /** The same column, copied to {@code to} (null: the same name) as {@code expr} (null: itself), or dropped. */
    public Column mapped(String to, String expr, boolean drop) {
        return new Column(attnum, name, type, notNull, collation, defaultExpr, generated, identity, storage,
                compression, statTarget, comment, notNullName, options, to, expr, drop);
    }
}
