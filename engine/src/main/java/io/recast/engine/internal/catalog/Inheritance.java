package io.recast.engine.internal.catalog;

import java.util.List;
import java.util.Map;

/**
 * The table's place in a (non-partition) inheritance tree. PostgreSQL keeps a column's
 * {@code attislocal} and a constraint's {@code conislocal} false only while its inheritance count
 * stays above zero, so the new table is created as the child of a stand-in parent of the table's
 * shape (its inherited columns and constraints then are not local), linked to the real parents in
 * the swap (count 2) and only then unlinked from the stand-in (count 1); the children gain the new
 * table before they lose the old one.
 *
 * @param parents     the table's parents, quoted and qualified, in their order (pg_inherits.inhseqno)
 * @param children    the table's children, quoted and qualified
 * @param laterParents for each child (by its qualified name), its parents after the table, in order
 * @param columns     the columns that are inherited (attinhcount above zero)
 * @param constraints the CHECK (and, from 18, NOT NULL) constraints that are inherited
 */
public record Inheritance(List<String> parents, List<String> children, Map<String, List<String>> laterParents,
                          List<Inherited> columns, List<Inherited> constraints) {
    public static final Inheritance NONE = new Inheritance(List.of(), List.of(), Map.of(), List.of(), List.of());

    public Inheritance {
        parents = List.copyOf(parents);
        children = List.copyOf(children);
        laterParents = Map.copyOf(laterParents);
        columns = List.copyOf(columns);
        constraints = List.copyOf(constraints);
    }

    /** Whether the table has inheritance parents or children. */
    public boolean any() {
        return !parents.isEmpty() || !children.isEmpty();
    }

    /** Whether the column with this name is inherited and not also declared by the table itself. */
    public boolean inheritedOnly(String column) {
        return columns.stream().anyMatch(c -> c.name().equals(column) && !c.local());
    }

    /** Whether the constraint with this name is inherited and not also declared by the table itself. */
    public boolean constraintInheritedOnly(String name) {
        return constraints.stream().anyMatch(c -> c.name().equals(name) && !c.local());
    }

    /**
     * An inherited column or constraint.
     *
     * @param local      also declared by the table itself (attislocal, conislocal)
     * @param type       'c' CHECK, 'n' NOT NULL (18+), or 'a' for a column
     * @param definition pg_get_constraintdef() of a constraint, null for a column
     */
    public record Inherited(String name, boolean local, char type, String definition) {
    }
}
