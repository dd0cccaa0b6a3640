package io.recast.engine.plan;

import io.recast.engine.catalog.TableDefinition;
import java.util.ArrayList;
import java.util.List;

/** The refusal rules: each returns a reason that names the object and says what to do. */
public final class Eligibility {
    private Eligibility() {
    }

    /** Every reason the table cannot be rewritten; empty when it can. */
    public static List<String> reasons(TableDefinition t) {
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
            case 'p' -> out.add(name + " is a partitioned table; repack its partitions one at a time "
                    + "(recast repack --table <partition>) once partitions are supported");
            case 'v' -> out.add(name + " is a view, not a table");
            case 'm' -> out.add(name + " is a materialized view; use REFRESH MATERIALIZED VIEW CONCURRENTLY");
            case 'f' -> out.add(name + " is a foreign table; rewrite it on its own server");
            default -> out.add(name + " is not an ordinary table (relkind '" + t.relkind() + "')");
        }
        if (!out.isEmpty()) {
            return out;
        }
        if (t.partition()) {
            out.add(name + " is a partition of a partitioned table; partitions are not supported yet");
        }
        if (t.inheritance()) {
            out.add(name + " has inheritance parents or children; inheritance is not supported yet");
        }
        if (t.typed()) {
            out.add(name + " is a typed table (CREATE TABLE ... OF type); typed tables are not supported yet");
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
        for (String d : t.dependents()) {
            out.add(d + " depends on " + name + "; the swap does not move such dependents yet: drop it "
                    + "and recreate it afterwards, or wait for that support");
        }
        return out;
    }
}
