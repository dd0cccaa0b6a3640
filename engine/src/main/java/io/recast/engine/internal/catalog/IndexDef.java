package io.recast.engine.internal.catalog;

import java.util.List;

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
 * @param statTargets    the statistics targets set on its columns (ALTER INDEX ... ALTER COLUMN n SET
 *                       STATISTICS, allowed on expression columns), in column order; neither
 *                       definition carries them either
 */
public record IndexDef(long oid, String name, boolean unique, String tail, String tablespace, String constraintType,
                       String constraintDef, boolean deferrable, boolean deferred, boolean replicaIdentity, boolean clustered, String comment,
                       String constraintComment, List<StatTarget> statTargets) {

    /** The statistics target of the index's column number {@code column} (its attnum). */
    public record StatTarget(int column, int target) {
    }

    public IndexDef {
        statTargets = statTargets == null ? List.of() : List.copyOf(statTargets);
    }

    /** An index with no statistics target set on its columns. */
    public IndexDef(long oid, String name, boolean unique, String tail, String tablespace, String constraintType,
                    String constraintDef, boolean deferrable, boolean deferred, boolean replicaIdentity,
                    boolean clustered, String comment, String constraintComment) {
        this(oid, name, unique, tail, tablespace, constraintType, constraintDef, deferrable, deferred, replicaIdentity,
                clustered, comment, constraintComment, List.of());
    }

    public boolean backsConstraint() {
        return constraintType != null;
    }
}
