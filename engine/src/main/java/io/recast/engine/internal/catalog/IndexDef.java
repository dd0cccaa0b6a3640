package io.recast.engine.internal.catalog;

/**
 * An index of the table.
 *
 * @param tail           pg_get_indexdef() after "USING ": method, columns, INCLUDE, WITH, TABLESPACE, WHERE
 * @param constraintType 'p', 'u' or 'x' when the index backs a constraint (same name), else null
 * @param constraintDef  pg_get_constraintdef() of that constraint, else null; for a primary key or
 *                       unique constraint it lacks the index's storage parameters, so those are
 *                       built from the index and attached with USING INDEX
 * @param deferrable     the constraint's DEFERRABLE
 * @param deferred       its INITIALLY DEFERRED
 * @param tablespace     the index's own tablespace, or null for the database default; neither
 *                       definition above carries it (pg_dump sets default_tablespace too)
 */
public record IndexDef(long oid, String name, boolean unique, String tail, String tablespace, String constraintType,
                       String constraintDef, boolean deferrable, boolean deferred, boolean replicaIdentity, boolean clustered, String comment,
                       String constraintComment) {
    public boolean backsConstraint() {
        return constraintType != null;
    }
}
