package io.recast.engine.internal.plan;

import io.recast.engine.api.RewriteOptions;
import io.recast.engine.internal.catalog.MaterializedViewDef;
import io.recast.engine.internal.catalog.TableDefinition;
import java.util.ArrayList;
import java.util.List;

/** The refusal rules: each returns a reason that names the object and says what to do. */
final class Eligibility {
    private Eligibility() {
    }

    /** Every reason the table cannot be rewritten with the default options; empty when it can. */
    public static List<String> reasons(TableDefinition t) {
        return reasons(t, RewriteOptions.defaults().rebuildMaterializedViews(), MaterializedViewCost.none());
    }

    /**
     * Every reason the table cannot be rewritten; empty when it can.
     *
     * @param rebuildMaterializedViews whether the swap may drop and rebuild the materialized views that read it
     *                                 whatever that costs
     * @param cost                     what rebuilding them would cost, measured: without the option, they are
     *                                 rebuilt when that fits in half of the lock budget
     */
    public static List<String> reasons(TableDefinition t, boolean rebuildMaterializedViews, MaterializedViewCost cost) {
        List<String> out = new ArrayList<>();
        String name = t.displayName();
        if (t.persistence() == 't') {
            out.add(name + " is a temporary table; other sessions cannot read it, so it cannot be "
                    + "rewritten online (rewrite it in its own session with VACUUM FULL)");
            return out;
        }
        if (t.systemSchema()) {
            out.add(name + " is in a system schema; recast rewrites user tables only");
            return out;
        }
        switch (t.relkind()) {
            case 'r' -> {
            }
            case 'p' -> out.add(name + " is a partitioned table; it has no rows of its own (its partitions "
                    + "are repacked one at a time)");
            case 'v' -> out.add(name + " is a view, not a table");
            case 'm' -> out.add(name + " is a materialized view; use REFRESH MATERIALIZED VIEW CONCURRENTLY");
            case 'f' -> out.add(name + " is a foreign table; rewrite it on its own server");
            default -> out.add(name + " is not an ordinary table (relkind '" + t.relkind() + "')");
        }
        if (!out.isEmpty()) {
            return out;
        }
        if (t.key() == null) {
            out.add(name + " has no primary key or unique NOT NULL index (valid, not partial, no "
                    + "expressions, not deferrable); add one and run again");
        }
        if (!t.canOwn()) {
            out.add(name + " is owned by role " + t.owner() + "; run recast as " + t.owner()
                    + " or as a member of it (renaming and swapping a table needs its owner)");
        }
        for (String p : t.missingPrivileges()) {
            out.add("missing privilege: " + p);
        }
        out.addAll(t.problems());
        if (!rebuildMaterializedViews) {
            out.addAll(materializedViewReasons(t, cost));
        }
        for (String d : t.dependents()) {
            out.add(d + " depends on " + name + "; the swap does not move such dependents yet: drop it "
                    + "and recreate it afterwards, or wait for that support");
        }
        return out;
    }

    /**
     * Why the swap cannot build the table's materialized views again by default, one reason per view:
     * none when their measured cost fits.
     */
    static List<String> materializedViewReasons(TableDefinition t, MaterializedViewCost cost) {
        List<String> out = new ArrayList<>();
        if (cost.fits()) {
            return out;
        }
        for (MaterializedViewDef m : t.materializedViews()) {
            out.add("materialized view " + m.qualified() + " reads " + t.displayName() + " (directly or through "
                    + "views): PostgreSQL cannot re-point it, so the swap must "
                    + "drop it and build it again, running its query under the exclusive lock; its query "
                    + cost.describe(m.oid()) + " now (it holds about " + m.rowEstimate() + " rows, "
                    + (m.totalBytes() / 1024) + " kB), and the views' rebuilds, about twice their queries, do not "
                    + "fit in half of --max-lock-hold; allow it with --rebuild-materialized-views and a "
                    + "--max-lock-hold longer than its REFRESH takes, or drop it and create it again after the run");
        }
        return out;
    }
}
