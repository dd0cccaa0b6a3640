package io.recast.engine.internal.cleanup;

import io.recast.engine.api.NotEligibleException;
import io.recast.engine.internal.changelog.ChangelogSql;
import io.recast.engine.internal.runtime.ArtifactNames;
import io.recast.engine.internal.sql.Jdbc;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * What a run on a table left behind, read from the catalog by the names derived from its oid, and
 * whether a job can go on with it: resuming needs the shadow, the change log, both triggers and a
 * capture function that still logs (a clean-up that could not drop a trigger disarms the function).
 *
 * @param triggers how many of the two triggers are on the table
 * @param armed    the capture function exists and logs
 */
public record Leftovers(boolean shadow, boolean log, boolean old, int triggers, boolean function, boolean armed) {

    public static Leftovers of(Connection c, long oid) throws SQLException {
        ArtifactNames n = new ArtifactNames(oid);
        if (!Jdbc.queryBoolean(c, ChangelogSql.SCHEMA_EXISTS, ArtifactNames.SCHEMA)) {
            return new Leftovers(false, false, false, 0, false, false);
        }
        return Jdbc.queryOne(c, CleanupSql.INVENTORY, rs -> {
            String body = rs.getString("function_body");
            return new Leftovers(rs.getBoolean("shadow"), rs.getBoolean("log"), rs.getBoolean("old"),
                    rs.getInt("triggers"), body != null, body != null && !body.strip().equals(ChangelogSql.DISARMED_BODY));
        }, n.qShadow(), n.qLog(), n.qOld(), oid, n.trigger(), n.truncateTrigger(), n.qFunction() + "()").orElseThrow();
    }

    /** Whether anything of a run is there. */
    public boolean any() {
        return shadow || log || old || triggers > 0 || function;
    }

    /** What a job that stopped before its swap needs to go on, and is not there; empty when it can. */
    public List<String> missingForResume() {
        List<String> out = new ArrayList<>();
        if (!shadow) {
            out.add("the shadow table is gone");
        }
        if (!log) {
            out.add("the change log is gone");
        }
        if (triggers < 2) {
            out.add(triggers == 0 ? "the change-log triggers are gone" : "a change-log trigger is gone");
        }
        if (function && !armed) {
            out.add("the capture function was disarmed by a clean-up (changes since were not logged)");
        } else if (!function) {
            out.add("the capture function is gone");
        }
        return out;
    }

    /** What a new run on the table says of what an earlier one left: go on with it, or remove it. */
    /** Refuses a new run on a table an earlier one left artifacts on, saying what to run. */
    public static void refuse(Connection c, long oid, String table, String shadowName) throws SQLException {
        Leftovers left = of(c, oid);
        if (left.any()) {
            throw new NotEligibleException(table, List.of(left.advice(table, shadowName)));
        }
    }

    public String advice(String table, String shadowName) {
        String cleanup = "recast cleanup --table " + table;
        List<String> missing = missingForResume();
        return "an earlier run left its artifacts (" + shadowName + " and others): " + (missing.isEmpty() || old
                ? "go on with it with recast resume --table " + table + ", or remove them with " + cleanup
                : "it cannot go on (" + String.join(", ", missing) + "): remove them with " + cleanup);
    }
}
