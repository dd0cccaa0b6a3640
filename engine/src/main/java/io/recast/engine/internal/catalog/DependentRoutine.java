package io.recast.engine.internal.catalog;

/**
 * A function or procedure with an SQL-standard body (BEGIN ATOMIC, or RETURN expr) that reads
 * the table: its body is bound to the table's oid when created, so the swap runs its own
 * definition again (CREATE OR REPLACE keeps its oid, owner, grants and comment).
 *
 * @param signature for messages: schema.name(argument types)
 */
public record DependentRoutine(long oid, String signature) {
}
