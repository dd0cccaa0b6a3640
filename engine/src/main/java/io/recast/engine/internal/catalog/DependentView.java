package io.recast.engine.internal.catalog;

import io.recast.engine.internal.sql.Sql;
import java.util.List;

/**
 * A view that reads the table directly. Its definition is read inside the swap transaction, before
 * the rename, and the view is replaced with it after the rename, so that it reads the new table;
 * views on this view keep pointing at it (same oid).
 *
 * @param reloptions security_barrier, security_invoker, check_option: CREATE OR REPLACE VIEW resets
 *                   what it is not given
 */
public record DependentView(long oid, String schema, String name, List<String> reloptions) {
    public DependentView {
        reloptions = List.copyOf(reloptions);
    }

    public String qualified() {
        return Sql.qualified(schema, name);
    }
}
