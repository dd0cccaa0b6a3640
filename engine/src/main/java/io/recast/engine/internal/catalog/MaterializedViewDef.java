package io.recast.engine.internal.catalog;

import io.recast.engine.internal.sql.Sql;
import java.util.List;

/**
 * A materialized view that reads the table, or reads one that does (directly or through views). PostgreSQL cannot re-point one, so the swap (only when
 * allowed) drops it and creates it again from its definition, read under the lock, WITH DATA when
 * it was populated: its query runs inside the swap, under the exclusive lock.
 *
 * @param indexes pg_get_indexdef() of each index, re-run as they are after the view is created
 * @param depth   1 when it reads the table, else one more than the deepest materialized view or view
 *                (that the swap builds again) it reads: it is built after those, and dropped before
 */
public record MaterializedViewDef(long oid, String schema, String name, String owner, String tablespace,
                                  List<String> reloptions, boolean populated, String comment, List<Grant> grants,
                                  boolean defaultAcl, List<MaterializedViewDef.Index> indexes,
                                  List<String[]> columnComments, long rowEstimate, long totalBytes, int depth) {
    /** An index of the view, re-created as pg_get_indexdef() prints it. */
    public record Index(String name, String definition, String tablespace, boolean clustered, String comment) {
    }

    public MaterializedViewDef {
        reloptions = List.copyOf(reloptions);
        grants = List.copyOf(grants);
        indexes = List.copyOf(indexes);
        columnComments = List.copyOf(columnComments);
    }

    public String qualified() {
        return Sql.qualified(schema, name);
    }
}
