package io.recast.engine.internal.catalog;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The columns that identify a row: the primary key, else the best unique index on NOT NULL
 * columns.
 *
 * @param indexName  the index that provides the key
 * @param columns    raw column names, in index order
 * @param types      format_type() of each column, for casts of bound key values
 * @param collations quoted collation clause per column or null, so the log compares as the table does
 */
public record KeyColumns(String indexName, boolean primary, List<String> columns, List<String> types,
                         List<String> collations) {
    public KeyColumns {
        columns = List.copyOf(columns);
        types = List.copyOf(types);
        collations = Collections.unmodifiableList(new ArrayList<>(collations));
    }

    public int size() {
        return columns.size();
    }
}
