package io.recast.engine.api;

import java.util.List;

/**
 * What {@code bloat} found in one database, the most reclaimable first.
 *
 * @param database  the database
 * @param exact     whether pgstattuple's functions measured it (else the statistics did)
 * @param method    how it was measured, in a sentence: the functions, or why they could not be used
 * @param relations the tables and indexes at or above the minimum size
 */
public record BloatReport(String database, boolean exact, String method, List<RelationBloat> relations) {
    public BloatReport {
        relations = List.copyOf(relations);
    }
}
