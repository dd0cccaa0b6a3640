package io.recast.engine.internal.catalog;

/**
 * The table is a partition: the swap detaches it from its parent and attaches the new table with
 * the same bound. A CHECK constraint equal to the partition constraint, added to the shadow before
 * the swap, spares the attach its validation scan under the lock.
 *
 * @param parentQualified the immediate parent, quoted and qualified
 * @param bound           pg_get_expr(relpartbound): FOR VALUES ... or DEFAULT
 * @param constraint      pg_get_partition_constraintdef(), or null when there is none (a lone DEFAULT)
 * @param defaultPartition the parent's DEFAULT partition, quoted and qualified, when it has one and it is
 *                         not this table: the swap locks it, and a validated CHECK that no row of it
 *                         belongs to this partition, made before the swap, spares the attach its scan
 */
public record PartitionOf(String parentQualified, String bound, String constraint, String defaultPartition) {
}
