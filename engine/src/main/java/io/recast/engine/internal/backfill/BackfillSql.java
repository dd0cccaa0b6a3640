package io.recast.engine.internal.backfill;

import io.recast.engine.internal.catalog.KeyRangeSql;
import io.recast.engine.internal.catalog.TableDefinition;
import io.recast.engine.internal.runtime.ArtifactNames;
import io.recast.engine.internal.shadow.ShadowSql;

/**
 * SQL of the keyset backfill: one key range of the table copied into the shadow, server-side. Rows
 * never travel through the client; the bounds come from {@link KeyRangeSql}.
 */
public final class BackfillSql {
    private BackfillSql() {
    }

    /** Copies the rows with lower &lt; key &lt;= upper; either bound may be absent. */
    public static String copy(TableDefinition t, ArtifactNames n, boolean hasLower, boolean hasUpper) {
        return ShadowSql.insertInto(t, n) + " FROM ONLY " + t.qualified() + KeyRangeSql.range(t.key(), hasLower, hasUpper);
    }

}
