package io.recast.engine.internal.plan;

import io.recast.engine.api.RewriteOptions;
import io.recast.engine.internal.alter.AlterPlanner;
import io.recast.engine.internal.catalog.TableDefinition;
import io.recast.engine.internal.runtime.ArtifactNames;
import io.recast.engine.internal.shadow.ShadowSql;
import java.util.ArrayList;
import java.util.List;

/**
 * An eligible table, the names of its artifacts, and what was asked of it.
 *
 * @param table the table; with {@code recast alter} its columns say where the copy writes them
 * @param alter with {@code recast alter}: the new table's definition and what it takes; else null
 */
public record RewritePlan(TableDefinition table, ArtifactNames names, RewriteRequest request,
                          AlterPlanner.Result alter) {

    public RewriteOptions options() {
        return request.options();
    }

    /** The new table's definition: the table's own for repack, the changed one for alter. */
    public TableDefinition target() {
        return alter == null ? table : alter.target();
    }

    /** ALTER TABLE statements applied to the new table right after it is created. */
    public List<String> shadowChanges() {
        return alter == null ? List.of() : alter.shadowChanges();
    }

    /** The new table's creation: the table's structure, then the changes. */
    public List<String> createShadow() {
        List<String> out = new ArrayList<>(ShadowSql.create(table, names));
        out.addAll(shadowChanges());
        return out;
    }
}
