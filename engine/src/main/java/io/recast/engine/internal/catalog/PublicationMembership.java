package io.recast.engine.internal.catalog;

import java.util.List;

/**
 * The table's membership in a publication that lists it by name (FOR TABLE). The swap removes the
 * old table and adds the new one, with the same column list and row filter (15+).
 *
 * @param columns   the published columns, empty for all
 * @param rowFilter the WHERE expression, or null
 */
public record PublicationMembership(String publication, List<String> columns, String rowFilter) {
    public PublicationMembership {
        columns = List.copyOf(columns);
    }
}
