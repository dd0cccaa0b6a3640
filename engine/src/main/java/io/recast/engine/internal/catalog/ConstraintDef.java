package io.recast.engine.internal.catalog;

/**
 * A CHECK or FOREIGN KEY constraint of the table (index-backed ones live in {@link IndexDef}).
 *
 * @param type       'c' check or 'f' foreign key
 * @param definition pg_get_constraintdef(), including NOT VALID when not validated
 */
public record ConstraintDef(String name, char type, String definition, boolean validated,
                            String comment, Long referencedOid) {
    public boolean isForeignKey() {
        return type == 'f';
    }
}
