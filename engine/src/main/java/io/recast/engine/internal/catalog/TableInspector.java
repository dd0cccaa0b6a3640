package io.recast.engine.internal.catalog;

import io.recast.engine.api.NotEligibleException;
import io.recast.engine.internal.sql.Jdbc;
import io.recast.engine.internal.sql.SqlStates;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/** Reads a table's definition from the catalog. Changes nothing. */
public final class TableInspector {

    /**
     * Resolves the user's table name once, with the session's default search_path (what psql
     * would use), inside a transaction of its own.
     *
     * @throws NotEligibleException when no such table exists
     */
    public long resolve(Connection c, String table) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            Jdbc.exec(c, "resolve", CatalogQueries.DEFAULT_SEARCH_PATH);
            Optional<Long> oid = Jdbc.queryOne(c, CatalogQueries.RESOLVE, rs -> {
                long v = rs.getLong(1);
                return rs.wasNull() ? null : v;
            }, table);
            c.commit();
            return oid.orElseThrow(() -> new NotEligibleException(table,
                    List.of("no table of that name is visible; check the name, its schema and the "
                            + "search_path (quote mixed-case names: 'schema.\"Name\"')")));
        } catch (SQLException e) {
            Jdbc.rollbackQuietly(c, e);
            if (SqlStates.is(e, SqlStates.INVALID_NAME) || SqlStates.is(e, SqlStates.INVALID_SCHEMA_NAME)
                    || SqlStates.is(e, SqlStates.SYNTAX_ERROR) || SqlStates.is(e, SqlStates.FEATURE_NOT_SUPPORTED)) {
                throw new NotEligibleException(table, List.of("not a valid table name: " + e.getMessage()));
            }
            throw e;
        } finally {
            if (!c.isClosed()) { // a lost session: its error is the one to report
                c.setAutoCommit(auto);
            }
        }
    }

    /**
     * A hash of the table's definition and of what points at it (see CatalogQueries.FINGERPRINT):
     * equal hashes at two moments mean no DDL in between that the run would miss.
     */
    public static String fingerprint(Connection c, long oid) throws SQLException {
        return Jdbc.queryOne(c, CatalogQueries.FINGERPRINT, rs -> rs.getString(1), oid)
                .orElseThrow(() -> new NotEligibleException("oid " + oid, List.of("the table was dropped")));
    }

    /** Reads everything about the table with the given oid. */
    public TableDefinition inspect(Connection c, long oid) throws SQLException {
        return Jdbc.queryOne(c, CatalogQueries.TABLE, rs -> read(c, rs, oid), oid)
                .orElseThrow(() -> new NotEligibleException("oid " + oid, List.of("the table was dropped")));
    }

    private TableDefinition read(Connection c, ResultSet t, long oid) throws SQLException {
        int version = Jdbc.serverVersion(c);
        List<Column> columns = Jdbc.query(c, CatalogQueries.columns(version), rs -> new Column(
                rs.getInt("attnum"), rs.getString("attname"), rs.getString("type"), rs.getBoolean("attnotnull"),
                rs.getString("collation"), rs.getString("default_expr"), rs.getString("generated"),
                rs.getString("identity"), rs.getString("storage"), rs.getString("compression"),
                (Integer) rs.getObject("stat_target"), rs.getString("comment"), rs.getString("not_null_name"),
                Jdbc.stringList(rs, "attoptions")), oid);
        KeyColumns key = Jdbc.queryOne(c, CatalogQueries.KEY, rs -> new KeyColumns(
                rs.getString("index_name"), rs.getBoolean("indisprimary"), Jdbc.stringList(rs, "columns"),
                Jdbc.stringList(rs, "types"), Jdbc.stringList(rs, "collations")), oid).orElse(null);
        List<String> problems = new ArrayList<>();
        List<IndexDef> indexes = Jdbc.query(c, CatalogQueries.INDEXES, rs -> index(rs, problems), oid);
        List<ConstraintDef> constraints = Jdbc.query(c, CatalogQueries.CONSTRAINTS, rs -> new ConstraintDef(
                rs.getString("conname"), rs.getString("contype").charAt(0), rs.getString("def"),
                rs.getBoolean("convalidated"), rs.getString("comment"), (Long) rs.getObject("referenced")), oid);
        List<TriggerDef> triggers = Jdbc.query(c, CatalogQueries.TRIGGERS, rs -> trigger(rs, problems), oid);
        List<PolicyDef> policies = Jdbc.query(c, CatalogQueries.POLICIES, rs -> new PolicyDef(
                rs.getString("polname"), rs.getBoolean("polpermissive"), rs.getString("command"),
                Jdbc.stringList(rs, "roles"), rs.getString("using_expr"), rs.getString("check_expr"),
                rs.getString("comment")), oid);
        List<Grant> grants = grants(c, oid);
        List<String> missing = new ArrayList<>();
        List<OwnedSequence> sequences = Jdbc.query(c, CatalogQueries.SEQUENCES, rs -> {
            if (!rs.getBoolean("can_own")) {
                missing.add("ownership of sequence " + rs.getString("nspname") + "." + rs.getString("relname")
                        + " (owned by column " + rs.getString("attname") + ")");
            }
            return new OwnedSequence(rs.getString("attname"), rs.getString("nspname"), rs.getString("relname"),
                    rs.getBoolean("identity"), rs.getString("options"));
        }, oid);
        List<IncomingKey> incoming = Jdbc.query(c, DependentQueries.INCOMING_KEYS, rs -> {
            IncomingKey k = new IncomingKey(rs.getString("nspname"), rs.getString("relname"), rs.getString("conname"),
                    rs.getString("def"), rs.getBoolean("convalidated"), rs.getString("comment"));
            if ("p".equals(rs.getString("relkind")) && version < 180000) {
                // the swap adds the key back NOT VALID, which a partitioned table takes from 18 on
                problems.add("foreign key " + k.name() + " of partitioned table " + k.qualifiedTable()
                        + " references the table: the swap must add it again without checking every row under the "
                        + "lock (NOT VALID, then VALIDATE after the commit), which PostgreSQL allows on a partitioned "
                        + "table from 18 on; this server is " + (version / 10000));
            }
            return k;
        }, oid);
        List<DependentView> views = Jdbc.query(c, DependentQueries.VIEWS, rs -> new DependentView(rs.getLong("oid"),
                rs.getString("nspname"), rs.getString("relname"), Jdbc.stringList(rs, "reloptions")), oid);
        List<StatisticsDef> statistics = Jdbc.query(c, CatalogQueries.STATISTICS, rs -> statistics(rs, problems), oid);
        List<PublicationMembership> publications = Jdbc.query(c, DependentQueries.publications(version), rs -> {
            if (!rs.getBoolean("can_alter")) {
                missing.add("ownership of publication " + rs.getString("pubname") + " (it lists the table, which the "
                        + "swap replaces): run as its owner " + rs.getString("owner") + " or a member of it");
            }
            return new PublicationMembership(rs.getString("pubname"), Jdbc.stringList(rs, "columns"),
                    rs.getString("row_filter"));
        }, oid);
        PartitionOf partitionOf = null;
        if (t.getBoolean("relispartition")) {
            partitionOf = new PartitionOf(t.getString("partition_parent"), t.getString("partition_bound"),
                    t.getString("partition_constraint"), t.getString("default_partition"));
            problems.addAll(Jdbc.query(c, CatalogQueries.PARTITION_BLOCKERS, rs -> rs.getString(1), oid));
        }
        Inheritance inheritance = inheritance(c, oid);
        List<MaterializedViewDef> materializedViews = new ArrayList<>();
        // the privilege query checks the owners of those that read the table directly
        for (MaterializedViewDef m : Jdbc.query(c, DependentQueries.MATERIALIZED_VIEWS,
                rs -> materializedView(rs, problems, x -> x.depth() > 1), oid, NO_RELATIONS)) {
            materializedViews.add(withParts(c, m));
        }
        List<DependentRoutine> routines = Jdbc.query(c, DependentQueries.ROUTINES, TableInspector::routine, oid, oid);
        List<DependentRule> rules = Jdbc.query(c, DependentQueries.RULES, TableInspector::rule, oid, oid, oid, oid, oid);
        List<String> dependents = Jdbc.query(c, DependentQueries.DEPENDENTS, rs -> rs.getString(1), oid);
        problems.addAll(Jdbc.query(c, CatalogQueries.BLOCKERS, rs -> rs.getString(1), oid));
        missing.addAll(Jdbc.query(c, CatalogQueries.PRIVILEGES, rs -> rs.getString(1), oid, oid, oid, oid, oid, oid, oid));
        return new TableDefinition(oid, t.getString("nspname"), t.getString("relname"),
                t.getString("relkind").charAt(0), t.getString("relpersistence").charAt(0),
                t.getBoolean("relispartition"), inheritance, t.getString("of_type"),
                t.getBoolean("system_schema"), t.getString("owner"), t.getString("runner"), t.getBoolean("can_own"),
                t.getString("tablespace"), t.getString("access_method"), Jdbc.stringList(t, "reloptions"), Jdbc.stringList(t, "toast_reloptions"),
                t.getString("relreplident").charAt(0), t.getBoolean("relrowsecurity"),
                t.getBoolean("relforcerowsecurity"), t.getString("comment"), t.getBoolean("default_acl"),
                t.getLong("row_estimate"), t.getLong("total_bytes"), columns, key, indexes, constraints,
                triggers, policies, grants, sequences, incoming, views, statistics, publications, partitionOf,
                materializedViews, routines, rules, dependents, problems, missing,
                Jdbc.query(c, CatalogQueries.ALL_TABLES_PUBLICATIONS, rs -> rs.getString(1)),
                materializedViews.isEmpty() ? List.of() : viewsOn(c, DependentQueries.VIEWS_ON_MATERIALIZED_VIEWS, true,
                        oids(materializedViews), problems, oid, NO_RELATIONS),
                Jdbc.query(c, CatalogQueries.SECURITY_LABELS, rs -> new SecurityLabel(rs.getString("attname"),
                        rs.getString("provider"), rs.getString("label")), oid));
    }

    /**
     * The views that read the given columns of the table, directly or through each other, in the order
     * they can be created (see {@link RebuiltView}); what stands in the way of dropping and creating
     * them again goes into {@code problems}.
     */
    public static List<RebuiltView> viewsOnColumns(Connection c, TableDefinition t, long[] attnums, List<String> problems)
            throws SQLException {
        return viewsOn(c, DependentQueries.VIEWS_ON_COLUMNS, false, oids(t.materializedViews()), problems, t.oid(), attnums);
    }

    /**
     * recast alter: the table with the materialized views that read none of it but a view the run
     * creates again for the changed columns (given by attnum), and with the views and materialized
     * views around those, added to the ones the swap builds again (each is built after what it reads);
     * what stands in the way goes into {@code problems}. The table itself when there are none.
     */
    public static TableDefinition withMaterializedViewsOnColumns(Connection c, TableDefinition t, long[] attnums,
                                                                 List<String> problems) throws SQLException {
        long[] views = Jdbc.query(c, DependentQueries.VIEW_OIDS_ON_COLUMNS, rs -> rs.getLong(1), t.oid(), attnums)
                .stream().mapToLong(Long::longValue).toArray();
        if (views.length == 0) {
            return t;
        }
        List<MaterializedViewDef> materializedViews = new ArrayList<>();
        for (MaterializedViewDef m : Jdbc.query(c, DependentQueries.MATERIALIZED_VIEWS, rs -> materializedView(rs, problems,
                x -> t.materializedViews().stream().noneMatch(y -> y.oid() == x.oid())), t.oid(), views)) {
            materializedViews.add(withParts(c, m));
        }
        if (materializedViews.size() == t.materializedViews().size()) {
            return t;
        }
        return t.withRebuilt(materializedViews, viewsOn(c, DependentQueries.VIEWS_ON_MATERIALIZED_VIEWS, true,
                oids(materializedViews), problems, t.oid(), views), t.routines(), t.rules());
    }

    private static final long[] NO_RELATIONS = new long[0];

    private static long[] oids(List<MaterializedViewDef> materializedViews) {
        return materializedViews.stream().mapToLong(MaterializedViewDef::oid).toArray();
    }

    /**
     * Views that the swap drops and creates again: those of a recast alter on changed columns, or
     * those on the materialized views the swap builds again; each with what DROP takes along.
     */
    public static List<RebuiltView> merged(List<RebuiltView> onColumns, List<RebuiltView> onMaterializedViews) {
        List<RebuiltView> out = new ArrayList<>(onColumns.stream()
                .filter(v -> onMaterializedViews.stream().noneMatch(m -> m.oid() == v.oid())).toList());
        out.addAll(onMaterializedViews);
        return out;
    }

    /**
     * The views that {@link DependentQueries#VIEWS_ON_COLUMNS} or
     * {@link DependentQueries#VIEWS_ON_MATERIALIZED_VIEWS} finds, with their parts.
     */
    private static List<RebuiltView> viewsOn(Connection c, String query, boolean afterMaterializedViews,
                                             long[] rebuiltMaterialized, List<String> problems, Object... binds)
            throws SQLException {
        List<RebuiltView> out = new ArrayList<>();
        record Row(RebuiltView view, boolean canOwn) {
        }
        String why = afterMaterializedViews ? "reads a materialized view that the swap builds again"
                : "reads a changed column";
        for (Row row : Jdbc.query(c, query, rs -> new Row(new RebuiltView(rs.getLong("oid"),
                rs.getString("nspname"), rs.getString("relname"), Jdbc.stringList(rs, "reloptions"), rs.getString("owner"),
                rs.getBoolean("default_acl"), List.of(), rs.getString("comment"), List.of(), List.of(), List.of(), false,
                rs.getInt("depth")), rs.getBoolean("can_own")), binds)) {
            RebuiltView v = row.view();
            if (!row.canOwn()) {
                problems.add("ownership of view " + v.qualified() + " (it " + why + ", so it is created again "
                        + "in the swap): run as its owner " + v.owner() + " or a member of it");
            }
            for (String d : Jdbc.query(c, DependentQueries.VIEW_OTHER_DEPENDENTS, rs -> rs.getString(1), v.oid(), v.oid(),
                    rebuiltMaterialized)) {
                problems.add(d + " depends on view " + v.qualified() + ", which " + why + " and is created "
                        + "again in the swap; not supported: drop it before the run and create it again after");
            }
            out.add(new RebuiltView(v.oid(), v.schema(), v.name(), v.reloptions(), v.owner(), v.defaultAcl(),
                    grants(c, v.oid()), v.comment(),
                    Jdbc.query(c, DependentQueries.COLUMN_COMMENTS, rs -> new String[] {rs.getString(1), rs.getString(2)},
                            v.oid()),
                    Jdbc.query(c, DependentQueries.VIEW_DEFAULTS, rs -> new String[] {rs.getString(1), rs.getString(2)},
                            v.oid()),
                    Jdbc.query(c, DependentQueries.VIEW_TRIGGERS, rs -> new String[] {rs.getString(1), rs.getString(2),
                            rs.getString(3)}, v.oid()), afterMaterializedViews, v.depth()));
        }
        return out;
    }

    /**
     * The routines and rules that name the given views (recast alter creates them again for changed
     * columns), added to the table's: the swap replaces them from their definitions, which then name
     * the new views.
     */
    public static TableDefinition withDependentsOf(Connection c, TableDefinition t, long[] views) throws SQLException {
        if (views.length == 0) {
            return t;
        }
        List<DependentRoutine> routines = new ArrayList<>(t.routines());
        for (DependentRoutine r : Jdbc.query(c, DependentQueries.ROUTINES_ON_RELATIONS, TableInspector::routine, views)) {
            if (routines.stream().noneMatch(x -> x.oid() == r.oid())) {
                routines.add(r);
            }
        }
        List<DependentRule> rules = new ArrayList<>(t.rules());
        for (DependentRule r : Jdbc.query(c, DependentQueries.RULES_ON_RELATIONS, TableInspector::rule, views, views,
                views)) {
            rules.removeIf(x -> x.oid() == r.oid() && r.onRebuilt() != null); // one on such a view is made on the new view
            if (rules.stream().noneMatch(x -> x.oid() == r.oid())) {
                rules.add(r);
            }
        }
        return t.withRebuilt(t.materializedViews(), t.rebuiltViews(), routines, rules);
    }

    private static DependentRoutine routine(ResultSet rs) throws SQLException {
        return new DependentRoutine(rs.getLong("oid"), rs.getString("signature"));
    }

    private static DependentRule rule(ResultSet rs) throws SQLException {
        return new DependentRule(rs.getLong("oid"), rs.getString("rulename"), rs.getBoolean("on_table"),
                rs.getBoolean("on_rebuilt") ? rs.getString("relation") : null, rs.getString("enabled").charAt(0),
                rs.getString("comment"));
    }

    /**
     * Whether the table's name (qualified) now names another relation than the table with {@code oid}:
     * after the swap's commit it names the new table.
     */
    public static boolean replaced(Connection c, String qualified, long oid) throws SQLException {
        return Jdbc.queryBoolean(c, CatalogQueries.REPLACED, qualified, oid);
    }

    /** Whether the relation by this qualified name exists and is unlogged. */
    public static boolean unlogged(Connection c, String qualified) throws SQLException {
        return Jdbc.queryBoolean(c, CatalogQueries.UNLOGGED, qualified);
    }

    /** The table's inheritance parents, children and inherited parts. */
    private static Inheritance inheritance(Connection c, long oid) throws SQLException {
        List<String> parents = Jdbc.query(c, CatalogQueries.INHERITANCE_PARENTS, rs -> rs.getString(1), oid);
        List<String> children = new ArrayList<>();
        Map<String, List<String>> later = new LinkedHashMap<>();
        Jdbc.query(c, CatalogQueries.INHERITANCE_CHILDREN, rs -> {
            children.add(rs.getString("child"));
            later.put(rs.getString("child"), Jdbc.stringList(rs, "later"));
            return null;
        }, oid);
        if (parents.isEmpty() && children.isEmpty()) {
            return Inheritance.NONE;
        }
        List<Inheritance.Inherited> columns = new ArrayList<>();
        List<Inheritance.Inherited> constraints = new ArrayList<>();
        for (Inheritance.Inherited r : Jdbc.query(c, CatalogQueries.INHERITED, rs -> new Inheritance.Inherited(
                rs.getString("name"), rs.getBoolean("local"), rs.getString("type").charAt(0), rs.getString("definition")),
                oid, oid)) {
            (r.type() == 'a' ? columns : constraints).add(r);
        }
        return new Inheritance(parents, children, later, columns, constraints);
    }

    /**
     * A row of {@link DependentQueries#MATERIALIZED_VIEWS}; its other dependents go into {@code problems},
     * and so does a missing ownership where {@code checkOwner} says so.
     */
    private static MaterializedViewDef materializedView(ResultSet rs, List<String> problems,
                                                        Predicate<MaterializedViewDef> checkOwner) throws SQLException {
        String name = rs.getString("nspname") + "." + rs.getString("relname");
        for (String d : Jdbc.stringList(rs, "dependents")) {
            problems.add(d + " depends on materialized view " + name + ", which the swap would have to drop and "
                    + "rebuild; not supported: drop it and create it again afterwards");
        }
        MaterializedViewDef m = new MaterializedViewDef(rs.getLong("oid"), rs.getString("nspname"), rs.getString("relname"),
                rs.getString("owner"), rs.getString("tablespace"), Jdbc.stringList(rs, "reloptions"),
                rs.getBoolean("relispopulated"), rs.getString("comment"), List.of(), rs.getBoolean("default_acl"),
                List.of(), List.of(), rs.getLong("row_estimate"), rs.getLong("total_bytes"), rs.getInt("depth"));
        if (!rs.getBoolean("can_own") && checkOwner.test(m)) {
            problems.add("ownership of materialized view " + m.qualified() + " (it reads one that the swap builds again, "
                    + "or a view it creates again, so it is built again in the swap): run as its owner " + m.owner()
                    + " or a member of it");
        }
        return m;
    }

    /** The ACL of a relation and of its columns. */
    private static List<Grant> grants(Connection c, long oid) throws SQLException {
        return Jdbc.query(c, CatalogQueries.GRANTS, rs -> new Grant(rs.getString("grantee"), rs.getString("privilege_type"),
                rs.getBoolean("is_grantable"), rs.getString("column_name")), oid, oid);
    }

    /** Adds a materialized view's grants, indexes and column comments. */
    private static MaterializedViewDef withParts(Connection c, MaterializedViewDef m) throws SQLException {
        List<MaterializedViewDef.Index> indexes = Jdbc.query(c, DependentQueries.MATERIALIZED_VIEW_INDEXES,
                rs -> new MaterializedViewDef.Index(rs.getString("relname"), rs.getString("def"),
                        rs.getString("tablespace"), rs.getBoolean("indisclustered"), rs.getString("comment")), m.oid());
        List<String[]> comments = Jdbc.query(c, DependentQueries.COLUMN_COMMENTS,
                rs -> new String[] {rs.getString("attname"), rs.getString("comment")}, m.oid());
        return new MaterializedViewDef(m.oid(), m.schema(), m.name(), m.owner(), m.tablespace(), m.reloptions(),
                m.populated(), m.comment(), grants(c, m.oid()), m.defaultAcl(), indexes, comments, m.rowEstimate(),
                m.totalBytes(), m.depth());
    }

    /** pg_get_statisticsobjdef() qualifies both names: the body between them is what the shadow gets. */
    private static StatisticsDef statistics(ResultSet rs, List<String> problems) throws SQLException {
        String def = rs.getString("def");
        String prefix = CatalogQueries.statisticsPrefix(rs.getString("quoted_name"));
        String suffix = " FROM " + rs.getString("quoted_table");
        String body = null;
        if (def.startsWith(prefix) && def.endsWith(suffix) && def.length() > prefix.length() + suffix.length()) {
            body = def.substring(prefix.length(), def.length() - suffix.length());
        } else {
            problems.add("statistics object " + rs.getString("stxname") + " has a definition recast cannot read: " + def);
        }
        Integer target = (Integer) rs.getObject("stat_target");
        return new StatisticsDef(rs.getString("nspname"), rs.getString("stxname"), body,
                target == null || target < 0 ? null : target, rs.getString("owner"), rs.getString("comment"));
    }

    private static TriggerDef trigger(ResultSet rs, List<String> problems) throws SQLException {
        String name = rs.getString("tgname");
        String def = rs.getString("def");
        String marker = " ON " + rs.getString("quoted_table") + " ";
        int at = def.indexOf(marker);
        if (at < 0 || def.indexOf(marker, at + 1) >= 0) {
            problems.add("trigger " + name + " has a definition recast cannot read: " + def);
            return new TriggerDef(name, def, "", rs.getString("enabled").charAt(0), rs.getString("comment"),
                    rs.getBoolean("inherited"));
        }
        return new TriggerDef(name, def.substring(0, at), def.substring(at + marker.length()),
                rs.getString("enabled").charAt(0), rs.getString("comment"), rs.getBoolean("inherited"));
    }

    /**
     * pg_get_indexdef() always qualifies the table; everything after "USING " is the index body,
     * which we render onto the shadow. The prefix is checked exactly, never guessed.
     */
    private static IndexDef index(ResultSet rs, List<String> problems) throws SQLException {
        String name = rs.getString("relname");
        String def = rs.getString("def");
        boolean unique = rs.getBoolean("indisunique");
        String prefix = CatalogQueries.indexPrefix(unique, rs.getString("quoted_index"), rs.getString("quoted_table"));
        String tail = null;
        if (def.startsWith(prefix)) {
            tail = def.substring(prefix.length());
        } else {
            problems.add("index " + name + " has a definition recast cannot read: " + def);
        }
        if (!rs.getBoolean("indisvalid")) {
            problems.add("index " + name + " is invalid (a failed CREATE INDEX CONCURRENTLY?); "
                    + "drop it or REINDEX it first");
        }
        return new IndexDef(rs.getLong("indexrelid"), name, unique, tail, rs.getString("tablespace"),
                rs.getString("constraint_type"),
                rs.getString("constraint_def"), rs.getBoolean("deferrable"), rs.getBoolean("deferred"),
                rs.getBoolean("indisreplident"), rs.getBoolean("indisclustered"),
                rs.getString("comment"), rs.getString("constraint_comment"), statTargets(rs));
    }

    private static List<IndexDef.StatTarget> statTargets(ResultSet rs) throws SQLException {
        List<String> columns = Jdbc.stringList(rs, "stat_columns");
        List<String> targets = Jdbc.stringList(rs, "stat_targets");
        List<IndexDef.StatTarget> out = new ArrayList<>();
        for (int k = 0; k < columns.size(); k++) {
            out.add(new IndexDef.StatTarget(Integer.parseInt(columns.get(k)), Integer.parseInt(targets.get(k))));
        }
        return out;
    }
}
