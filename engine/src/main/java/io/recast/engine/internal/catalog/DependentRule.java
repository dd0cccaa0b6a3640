package io.recast.engine.internal.catalog;

/**
 * A rule (other than a view's) whose actions or event name the table. A rule on the table itself
 * is created on the new table in the swap, with its enabled state and comment; a rule on another
 * table is replaced in place (CREATE OR REPLACE RULE keeps its oid and comment).
 *
 * @param onTable whether the rule is defined ON the table (else on another table, reading or writing it)
 * @param enabled pg_rewrite.ev_enabled: 'O' origin, 'D' disabled, 'R' replica, 'A' always
 */
public record DependentRule(long oid, String name, boolean onTable, char enabled, String comment) {
}
