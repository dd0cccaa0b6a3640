package io.recast.engine.internal.catalog;

/**
 * One privilege from the table's (or a column's) ACL.
 *
 * @param grantee role name, or null for PUBLIC
 * @param column  the column for a column privilege, else null
 */
public record Grant(String grantee, String privilege, boolean grantable, String column) {
}
