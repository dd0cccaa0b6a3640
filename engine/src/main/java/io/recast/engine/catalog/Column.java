package io.recast.engine.catalog;

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
 */
public record Column(int attnum, String name, String type, boolean notNull, String collation,
                     String defaultExpr, String generated, String identity, String storage,
                     String compression, Integer statTarget, String comment, String notNullName) {

    /** Whether the backfill and replay copy this column (generated columns compute themselves). */
    public boolean copied() {
        return generated == null;
    }
}
