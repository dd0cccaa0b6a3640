package io.recast.engine.internal.catalog;

import io.recast.engine.internal.sql.Sql;
import java.util.List;

/**
 * A view that the swap drops and creates again from its definition (read under the lock), after the
 * views it reads, with what DROP takes along: owner, grants, options, comments, column defaults and
 * its triggers. Either it reads a column {@code recast alter} changes, renames or drops, directly or
 * through other such views (CREATE OR REPLACE cannot change a view column's type), or it reads a
 * materialized view that the swap builds again, directly or through other views
 * ({@code afterMaterializedViews}: it is created after them). {@code depth} orders it after what it
 * reads: among the views on changed columns, or among the materialized views and the views on them.
 *
 * @param columnComments  column name and comment pairs
 * @param columnDefaults  column name and default expression pairs
 * @param triggers        its (INSTEAD OF) triggers: pg_get_triggerdef(), comment (or null) and name
 */
public record RebuiltView(long oid, String schema, String name, List<String> reloptions, String owner,
                          boolean defaultAcl, List<Grant> grants, String comment, List<String[]> columnComments,
                          List<String[]> columnDefaults, List<String[]> triggers, boolean afterMaterializedViews,
                          int depth) {
    public RebuiltView {
        reloptions = List.copyOf(reloptions);
        grants = List.copyOf(grants);
        columnComments = List.copyOf(columnComments);
        columnDefaults = List.copyOf(columnDefaults);
        triggers = List.copyOf(triggers);
    }

    public String qualified() {
        return Sql.qualified(schema, name);
    }
}
