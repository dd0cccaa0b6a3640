package io.recast.engine.internal.catalog;

import io.recast.engine.internal.sql.Sql;
import java.util.List;

/**
 * Everything the rewrite needs to know about the table, read once from the catalog. Names are raw
 * (unquoted); expressions are as pg_get_expr()/pg_get_*def() print them with an empty search_path,
 * so they are fully qualified.
 *
 * <p>{@code accessMethod} is the table access method's name (pg_class.relam), null where the table has
 * none (a partitioned table before 17, or one created without USING).
 *
 * <p>{@code ofType} is the composite type of a typed table (CREATE TABLE ... OF type), qualified, or null.
 *
 * <p>{@code partitionOf} is null unless the table is a partition; {@code inheritance} is
 * {@link Inheritance#NONE} unless it has inheritance parents or children. {@code dependents} names objects that depend on the table and that the swap cannot move yet;
 * {@code problems} holds complete sentences about anything else that stops a rewrite.
 *
 * <p>{@code allTablesPublications} names the database's FOR ALL TABLES publications: while there is
 * one, the run's shadow, change log and job table are unlogged, which keeps them from its
 * subscribers (see {@link #unloggedArtifacts()}). {@code rebuiltViews} lists the views that the swap
 * drops and creates again: those on the materialized views it builds again and, on the new table's
 * definition of a {@code recast alter} run, those on changed columns. {@code securityLabels} are the
 * table's and its columns' (see {@link SecurityLabel}).
 */
public record TableDefinition(
        long oid, String schema, String name, char relkind, char persistence, boolean partition,
        Inheritance inheritance, String ofType, boolean systemSchema, String owner, String runner, boolean canOwn,
        String tablespace, String accessMethod, List<String> reloptions, List<String> toastReloptions, char replicaIdentity,
        boolean rowSecurity, boolean forceRowSecurity, String comment, boolean defaultAcl,
        long rowEstimate, long totalBytes,
        List<Column> columns, KeyColumns key, List<IndexDef> indexes, List<ConstraintDef> constraints,
        List<TriggerDef> triggers, List<PolicyDef> policies, List<Grant> grants,
        List<OwnedSequence> sequences, List<IncomingKey> incomingKeys, List<DependentView> views,
        List<StatisticsDef> statistics, List<PublicationMembership> publications, PartitionOf partitionOf,
        List<MaterializedViewDef> materializedViews, List<DependentRoutine> routines, List<DependentRule> rules,
        List<String> dependents, List<String> problems, List<String> missingPrivileges,
        List<String> allTablesPublications, List<RebuiltView> rebuiltViews, List<SecurityLabel> securityLabels) {

    public TableDefinition {
        reloptions = List.copyOf(reloptions);
        toastReloptions = List.copyOf(toastReloptions);
        columns = List.copyOf(columns);
        indexes = List.copyOf(indexes);
        constraints = List.copyOf(constraints);
        triggers = List.copyOf(triggers);
        policies = List.copyOf(policies);
        grants = List.copyOf(grants);
        sequences = List.copyOf(sequences);
        incomingKeys = List.copyOf(incomingKeys);
        views = List.copyOf(views);
        statistics = List.copyOf(statistics);
        publications = List.copyOf(publications);
        materializedViews = List.copyOf(materializedViews);
        routines = List.copyOf(routines);
        rules = List.copyOf(rules);
        dependents = List.copyOf(dependents);
        problems = List.copyOf(problems);
        missingPrivileges = List.copyOf(missingPrivileges);
        allTablesPublications = List.copyOf(allTablesPublications);
        rebuiltViews = List.copyOf(rebuiltViews);
        securityLabels = List.copyOf(securityLabels);
    }

    /** The table's name as SQL, quoted and qualified. */
    public String qualified() {
        return Sql.qualified(schema, name);
    }

    /** For messages: schema.table with quotes, as a user would type it. */
    public String displayName() {
        return qualified();
    }

    public List<Column> copiedColumns() {
        return columns.stream().filter(Column::copied).toList();
    }

    /** The same table with these columns, key, indexes, constraints and statistics objects. */
    public TableDefinition withStructure(List<Column> columns, KeyColumns key, List<IndexDef> indexes,
                                         List<ConstraintDef> constraints, List<StatisticsDef> statistics) {
        return new TableDefinition(oid, schema, name, relkind, persistence, partition, inheritance, ofType, systemSchema,
                owner, runner, canOwn, tablespace, accessMethod, reloptions, toastReloptions, replicaIdentity, rowSecurity,
                forceRowSecurity, comment, defaultAcl, rowEstimate, totalBytes, columns, key, indexes, constraints,
                triggers, policies, grants, sequences, incomingKeys, views, statistics, publications, partitionOf,
                materializedViews, routines, rules, dependents, problems, missingPrivileges, allTablesPublications,
                rebuiltViews, securityLabels);
    }

    /**
     * The same table, with these materialized views and views to make again in the swap and these
     * routines and rules to replace there (recast alter adds those around the views it creates again).
     */
    public TableDefinition withRebuilt(List<MaterializedViewDef> materializedViews, List<RebuiltView> rebuiltViews,
                                       List<DependentRoutine> routines, List<DependentRule> rules) {
        return new TableDefinition(oid, schema, name, relkind, persistence, partition, inheritance, ofType, systemSchema,
                owner, runner, canOwn, tablespace, accessMethod, reloptions, toastReloptions, replicaIdentity, rowSecurity,
                forceRowSecurity, comment, defaultAcl, rowEstimate, totalBytes, columns, key, indexes, constraints,
                triggers, policies, grants, sequences, incomingKeys, views, statistics, publications, partitionOf,
                materializedViews, routines, rules, dependents, problems, missingPrivileges, allTablesPublications,
                rebuiltViews, securityLabels);
    }

    /**
     * Whether the shadow and the change log are made unlogged, so that a FOR ALL TABLES publication
     * does not send them to subscribers that do not have them; the shadow is made logged just before
     * the cut-over, and the swap replays the last changes only once it has the table's name.
     */
    public boolean unloggedArtifacts() {
        return !allTablesPublications.isEmpty();
    }

    /**
     * Whether the swap applies the change log after the rename instead of before it: while a FOR ALL
     * TABLES publication exists the shadow, logged by then, must not be written under its own name.
     */
    public boolean drainsAfterRename() {
        return unloggedArtifacts() && persistence != 'u';
    }

    public boolean hasIdentity() {
        return columns.stream().anyMatch(c -> c.identity() != null);
    }
}
