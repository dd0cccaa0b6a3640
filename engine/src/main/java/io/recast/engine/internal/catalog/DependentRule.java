package io.recast.engine.internal.catalog;

/**
 * A rule (other than a view's) whose actions or event name the table, or a view or materialized view
 * the swap builds again around the table's materialized views. A rule on the table itself is created
 * on the new table in the swap, with its enabled state and comment, and so is a rule on such a view
 * ({@code onRebuilt}: that view's name); a rule on another table is replaced in place (CREATE OR
 * REPLACE RULE keeps its oid and comment).
 *
 * @param onTable   whether the rule is defined ON the table (else on another table, reading or writing it)
 * @param onRebuilt the view (qualified) the rule is ON, when the swap makes that view again; else null
 * @param enabled pg_rewrite.ev_enabled: 'O' origin, 'D' disabled, 'R' replica, 'A' always
 */
public record DependentRule(long oid, String name, boolean onTable, String onRebuilt, char enabled, String comment) {
}
