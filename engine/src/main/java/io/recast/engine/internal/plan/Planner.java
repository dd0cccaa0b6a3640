package io.recast.engine.internal.plan;

import io.recast.engine.api.DatabaseException;
import io.recast.engine.api.NotEligibleException;
import io.recast.engine.internal.alter.AlterPlanner;
import io.recast.engine.internal.catalog.TableDefinition;
import io.recast.engine.internal.catalog.TableInspector;
import io.recast.engine.internal.runtime.ArtifactNames;
import io.recast.engine.internal.sql.Jdbc;
import io.recast.engine.internal.sql.Sessions;
import io.recast.engine.internal.sql.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The first step of every run: the table resolved once, inspected in the catalog by oid, and
 * refused (with every reason) before anything is created. Reads the catalog only.
 */
public final class Planner {
    private final DataSource dataSource;

    public Planner(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Inspects the table and returns what a run would do, or throws {@link NotEligibleException}
     * with every reason it cannot. Creates nothing and takes no lock beyond catalog reads.
     */
    public RewritePlan plan(RewriteRequest request) {
        Connection c = null;
        try {
            c = Sessions.open(dataSource, "inspect");
            TableInspector inspector = new TableInspector();
            long oid = inspector.resolve(c, request.table());
            TableDefinition t = inspector.inspect(c, oid);
            boolean rebuild = request.options().rebuildMaterializedViews();
            MaterializedViewCost cost = rebuild || t.materializedViews().isEmpty() ? MaterializedViewCost.none()
                    : MaterializedViewCost.measure(c, t, request.options().cutover().maxLockHold());
            List<String> reasons = new ArrayList<>(Eligibility.reasons(t, rebuild, cost));
            if (!reasons.isEmpty()) {
                throw new NotEligibleException(t.displayName(), reasons);
            }
            ArtifactNames names = new ArtifactNames(oid);
            if (request.alteration() != null) {
                AlterPlanner.Result alter = AlterPlanner.plan(c, t, names, request.alteration(),
                        request.options().verify());
                TableDefinition s = alter.source();
                if (!rebuild && s.materializedViews().size() > t.materializedViews().size()) {
                    // it builds again materialized views that read views it creates again: their cost counts too
                    reasons.addAll(Eligibility.materializedViewReasons(s, MaterializedViewCost.measure(c, s,
                            request.options().cutover().maxLockHold())));
                    if (!reasons.isEmpty()) {
                        throw new NotEligibleException(t.displayName(), reasons);
                    }
                }
                return ordered(c, new RewritePlan(s, names, request, alter));
            }
            return ordered(c, new RewritePlan(t, names, request, null));
        } catch (SQLException e) {
            throw new DatabaseException("inspecting " + request.table() + " failed", e);
        } finally {
            Sessions.close(c);
        }
    }

    /** The plan, when the new table can be sorted as --order-by asks (or it asks nothing); else refused. */
    private static RewritePlan ordered(Connection c, RewritePlan p) throws SQLException {
        List<String> reasons = OrderBy.reasons(c, p.table(), p.options().backfill().orderBy());
        if (!reasons.isEmpty()) {
            throw new NotEligibleException(p.table().displayName(), reasons);
        }
        return p;
    }

    /**
     * As {@link #plan}, for a table or a partitioned table: then one plan per partition that holds
     * rows (the leaves of its tree, at every level), in the order they are rewritten. Refuses,
     * naming each partition and each reason, when any one cannot be rewritten.
     */
    public List<RewritePlan> plans(RewriteRequest request) {
        List<String> leaves = leaves(request.table());
        if (leaves == null) {
            return List.of(plan(request));
        }
        List<RewritePlan> out = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        for (String leaf : leaves) {
            try {
                out.add(plan(request.forTable(leaf)));
            } catch (NotEligibleException e) {
                e.reasons().forEach(r -> reasons.add("partition " + leaf + ": " + r));
            }
        }
        if (leaves.isEmpty()) {
            reasons.add("it is a partitioned table without partitions: there is nothing to repack");
        }
        if (!reasons.isEmpty()) {
            throw new NotEligibleException(request.table(), reasons);
        }
        return out;
    }

    /** The leaf partitions of a partitioned table, qualified and quoted; null when it is not one. */
    private List<String> leaves(String table) {
        Connection c = null;
        try {
            c = Sessions.open(dataSource, "inspect");
            long oid = new TableInspector().resolve(c, table);
            if (!Jdbc.queryBoolean(c, PlanSql.IS_PARTITIONED, oid)) {
                return null;
            }
            return Jdbc.query(c, PlanSql.LEAVES, rs -> rs.getString(1), oid);
        } catch (SQLException e) {
            throw new DatabaseException("inspecting " + table + " failed", e);
        } finally {
            Sessions.close(c);
        }
    }

    /** The table's name as the job table writes it (quoted, qualified), resolved as PostgreSQL parses it. */
    public String displayName(String table) {
        Connection c = null;
        try {
            c = Sessions.open(dataSource, "inspect");
            return qualifiedName(c, new TableInspector().resolve(c, table));
        } catch (SQLException e) {
            throw new DatabaseException("resolving " + table + " failed", e);
        } finally {
            Sessions.close(c);
        }
    }

    /** The name of the relation with this oid, quoted and qualified. */
    public static String qualifiedName(Connection c, long oid) throws SQLException {
        return nameOf(c, oid).orElseThrow();
    }

    /** As {@link #qualifiedName}; empty when no relation has that oid (any more). */
    public static Optional<String> nameOf(Connection c, long oid) throws SQLException {
        return Jdbc.queryOne(c, PlanSql.SCHEMA_AND_NAME, rs -> Sql.qualified(rs.getString(1), rs.getString(2)), oid);
    }
}
