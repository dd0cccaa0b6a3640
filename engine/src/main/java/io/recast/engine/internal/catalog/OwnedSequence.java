package io.recast.engine.internal.catalog;

/**
 * A sequence that belongs to a column: a serial's (OWNED BY, moved at the swap) or an identity
 * column's (internal; the shadow gets its own, set to continue where this one is).
 *
 * @param options for identity sequences, the clause body (the type follows the column): START, INCREMENT, MIN, MAX, CACHE, CYCLE
 */
public record OwnedSequence(String column, String schema, String name, boolean identity, String options) {
}
