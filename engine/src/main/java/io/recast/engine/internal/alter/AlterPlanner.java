package io.recast.engine.internal.alter;

import io.recast.engine.api.Alteration;
import io.recast.engine.api.InvalidOptionsException;
import io.recast.engine.api.NotEligibleException;
import io.recast.engine.internal.catalog.Column;
import io.recast.engine.internal.catalog.ConstraintDef;
import io.recast.engine.internal.catalog.DependentRoutine;
import io.recast.engine.internal.catalog.DependentRule;
import io.recast.engine.internal.catalog.IndexDef;
import io.recast.engine.internal.catalog.MaterializedViewDef;
import io.recast.engine.internal.catalog.PublicationMembership;
import io.recast.engine.internal.catalog.RebuiltView;
import io.recast.engine.internal.catalog.StatisticsDef;
import io.recast.engine.internal.catalog.TableDefinition;
import io.recast.engine.internal.catalog.TableInspector;
import io.recast.engine.internal.changelog.ChangelogSql;
import io.recast.engine.internal.cutover.CutoverSql;
import io.recast.engine.internal.runtime.ArtifactNames;
import io.recast.engine.internal.shadow.ShadowIndexSql;
import io.recast.engine.internal.shadow.ShadowSql;
import io.recast.engine.internal.sql.Jdbc;
import io.recast.engine.internal.sql.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;

/**
 * Works out what {@code recast alter} will build, before anything is created: the changes are
 * applied, in a transaction that is rolled back, to an empty copy of the table that already has
 * every index, constraint and statistics object, so PostgreSQL itself parses and checks them and
 * adjusts what depends on the changed columns. What that copy then looks like is the new table;
 * attribute numbers say which column of the table each of its columns comes from.
 */
public final class AlterPlanner {
    /** {@code ALTER [COLUMN] name [SET DATA] TYPE}: the forms a --using expression attaches to. */
    private static final Pattern TYPE_CHANGE = Pattern.compile(
            "^\\s*ALTER\\s+(?:COLUMN\\s+)?(\"(?:[^\"]|\"\")+\"|[^\\s\"]+)\\s+(?:SET\\s+DATA\\s+)?TYPE\\b",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern USING = Pattern.compile("\\bUSING\\b", Pattern.CASE_INSENSITIVE);
    /** {@code DROP [COLUMN] [IF EXISTS] name}: the column a change drops. */
    private static final Pattern DROP_COLUMN = Pattern.compile(
            "^\\s*DROP\\s+(?!CONSTRAINT\\b)(?:COLUMN\\s+)?(?:IF\\s+EXISTS\\s+)?(\"(?:[^\"]|\"\")+\"|[^\\s\"]+)",
            Pattern.CASE_INSENSITIVE);

    /**
     * @param source        the table, its columns annotated with where the copy writes them
     * @param target        the new table: the table's definition with the changed columns, indexes,
     *                      constraints and statistics objects
     * @param shadowChanges the ALTER TABLE statements applied to the new table right after it is created
     * @param converted     the table's columns whose values are converted (another type, a USING
     *                      expression, or a new NOT NULL), each paired with its new column
     * @param cascades      the other tables' referencing columns to change after this table
     */
    public record Result(TableDefinition source, TableDefinition target, List<String> shadowChanges,
                         List<Conversion> converted, List<Cascade> cascades) {
    }

    /** A column of the table, and the new table's column its values are converted into. */
    public record Conversion(Column from, Column to) {
    }

    /** A column of another table whose foreign key references a changed key column: it gets {@code type}. */
    public record Cascade(String table, String column, String type) {
        /** The change that gives the referencing column the new type, as recast alter takes it. */
        public String change() {
            return AlterSql.retype(column, type);
        }
    }

    private AlterPlanner() {
    }

    /**
     * @throws InvalidOptionsException   when a change fails on the table's structure
     * @throws NotEligibleException      when the changes touch what the run cannot carry over
     */
    public static Result plan(Connection c, TableDefinition t, ArtifactNames n, Alteration a, boolean verify)
            throws SQLException {
        List<String> shadowChanges = shadowChanges(t, n, a);
        for (String col : a.using().keySet()) {
            if (t.columns().stream().noneMatch(x -> x.name().equals(col))) {
                throw new InvalidOptionsException("--using names column " + col + ", which " + t.displayName()
                        + " does not have (give the column's present name)");
            }
        }
        if (!t.inheritance().children().isEmpty()) {
            // before the empty copy: a change of the table's columns is a change of its children's
            throw new NotEligibleException(t.displayName(), List.of("a table with inheritance children shares its columns "
                    + "with them (" + String.join(", ", t.inheritance().children()) + "), and ALTER TABLE changes theirs "
                    + "too: alter them with plain ALTER TABLE (not supported online yet; recast repack rewrites such a "
                    + "table)"));
        }
        // the empty copy goes by names of its own: a stopped job's new table may exist under the run's
        ArtifactNames probe = new ArtifactNames(-t.oid());
        List<String> reasons = new ArrayList<>();
        TableDefinition shadow = probe(c, t, probe, shadowChanges(t, probe, a), reasons);
        if (verify) {
            reasons.add("--verify compares rows as they are, and recast alter changes them: run without --verify");
        }
        if (t.partitionOf() != null || t.relkind() == 'p') {
            reasons.add("a partition's columns must match its parent's: alter the partitioned table's columns with "
                    + "plain ALTER TABLE (not supported online yet)");
        }

        // the new table's column k (attnum) was created from the table's k-th live column
        Map<Integer, Column> byAttnum = new LinkedHashMap<>();
        shadow.columns().forEach(x -> byAttnum.put(x.attnum(), x));
        List<Column> mapped = new ArrayList<>();
        List<Conversion> converted = new ArrayList<>();
        Map<String, Column> changed = new LinkedHashMap<>(); // table's column name -> new column (null: dropped)
        Map<String, String> usingOf = using(a);
        for (int i = 0; i < t.columns().size(); i++) {
            Column from = t.columns().get(i);
            Column to = byAttnum.get(i + 1);
            String using = usingOf.get(from.name());
            if (to == null) {
                mapped.add(from.mapped(null, null, true));
                changed.put(from.name(), null);
                continue;
            }
            Column copy = from.mapped(to.name().equals(from.name()) ? null : to.name(), using, false);
            mapped.add(copy);
            boolean retyped = !to.type().equals(from.type()) || using != null;
            if (retyped || !to.name().equals(from.name())) {
                changed.put(from.name(), to);
            }
            boolean newNotNull = to.notNull() && !from.notNull();
            if (from.copied() && to.generated() == null && (newNotNull || (retyped && !(using == null
                    && widening(from.type(), to.type()))))) {
                converted.add(new Conversion(copy, to));
            }
        }
        for (Map.Entry<String, Column> e : changed.entrySet()) {
            if (t.inheritance().columns().stream().anyMatch(x -> x.name().equals(e.getKey()))) {
                // PostgreSQL's own rule; the changes go to the stand-in parent, where they would pass
                reasons.add("column " + e.getKey() + " is inherited from " + String.join(", ", t.inheritance().parents())
                        + ": PostgreSQL changes an inherited column's type or name, or drops it, only through its parent "
                        + "(ALTER TABLE on the parent, which changes every child)");
            }
        }
        for (String k : t.key().columns()) {
            if (changed.containsKey(k) && (changed.get(k) == null || !changed.get(k).name().equals(k))) {
                reasons.add("the change drops or renames the key column " + k + ", which the copy and the change log "
                        + "identify rows by: rename it on its own afterwards (ALTER TABLE ... RENAME COLUMN is "
                        + "metadata-only), or drop it after adding another key");
            }
        }
        String prefix = probe.shadowIndex(1).replaceAll("1$", "");
        for (IndexDef ix : shadow.indexes()) {
            if (!ix.name().startsWith(prefix)) {
                reasons.add("the change adds index " + ix.name() + ": build it before or after the run instead (CREATE "
                        + "INDEX CONCURRENTLY, or recast plan/migrate), so that it is not built twice");
            }
        }
        for (ConstraintDef k : shadow.constraints()) {
            if (k.isForeignKey()) {
                reasons.add("the change adds foreign key " + k.name() + ": add it after the run (recast migrate adds it "
                        + "NOT VALID and validates it without a long lock)");
            }
        }
        for (ConstraintDef k : t.constraints()) {
            if (k.isForeignKey()) {
                for (Map.Entry<String, Column> e : changed.entrySet()) {
                    boolean gone = e.getValue() == null || !e.getValue().name().equals(e.getKey());
                    if (gone && mentions(k.definition(), e.getKey())) {
                        reasons.add("foreign key " + k.name() + " uses column " + e.getKey()
                                + ", which the change drops or renames: drop the foreign key first");
                    }
                }
            }
        }
        // a materialized view that reads a view created again is built again too, as one that reads the table
        long[] changedColumns = attnums(t, changed);
        t = TableInspector.withMaterializedViewsOnColumns(c, t, changedColumns, reasons);
        List<RebuiltView> views = TableInspector.merged(TableInspector.viewsOnColumns(c, t, changedColumns, reasons),
                t.rebuiltViews());
        // the routines and rules that name a view or materialized view made again are replaced too, from their
        // definitions
        t = TableInspector.withDependentsOf(c, t, LongStream.concat(views.stream().mapToLong(RebuiltView::oid),
                t.materializedViews().stream().mapToLong(MaterializedViewDef::oid)).toArray());
        if (!changed.isEmpty() && (!views.isEmpty() || !t.materializedViews().isEmpty() || !t.routines().isEmpty()
                || !t.rules().isEmpty()) && reasons.isEmpty()) {
            reasons.addAll(compileDependents(c, t, probe, shadowChanges(t, probe, a), views));
        }
        for (PublicationMembership p : t.publications()) {
            for (Map.Entry<String, Column> e : changed.entrySet()) {
                boolean gone = e.getValue() == null || !e.getValue().name().equals(e.getKey());
                if (gone && (p.columns().contains(e.getKey()) || p.rowFilter() != null && mentions(p.rowFilter(), e.getKey()))) {
                    reasons.add("publication " + p.publication() + " lists or filters on column " + e.getKey()
                            + ", which the change drops or renames: change the publication first");
                }
            }
        }
        List<Cascade> cascades = new ArrayList<>();
        List<String> referencing = new ArrayList<>();
        for (String[] r : Jdbc.query(c, AlterSql.REFERENCING, rs -> new String[] {rs.getString("referenced"),
                rs.getString("tbl"), rs.getString("col"), rs.getString("type")}, t.oid())) {
            Column to = changed.get(r[0]);
            if (changed.containsKey(r[0]) && to != null && !to.type().equals(r[3])) {
                referencing.add(r[1] + "." + r[2] + " (" + r[3] + ")");
                cascades.add(new Cascade(r[1], r[2], to.type()));
            }
        }
        if (!referencing.isEmpty() && !a.cascade()) {
            reasons.add("foreign keys of other tables reference a column whose type changes: " + String.join(", ", referencing)
                    + "; give --cascade-types to change them to the new type too (each online, after this table), "
                    + "or change them yourself first");
        }
        if (!reasons.isEmpty()) {
            throw new NotEligibleException(t.displayName(), reasons);
        }
        TableDefinition source = t.withStructure(mapped, t.key(), t.indexes(), t.constraints(), t.statistics());
        TableDefinition target = t.withStructure(shadow.columns(), shadow.key(), indexes(t, probe, shadow),
                constraints(t, shadow), statistics(t, probe, shadow)).withRebuilt(t.materializedViews(), views, t.routines(),
                t.rules());
        return new Result(source, target, shadowChanges, converted, a.cascade() ? cascades : List.of());
    }

    /**
     * The conversion expression of each column: --using, or the USING clause a change itself
     * carries ({@code ALTER COLUMN a TYPE integer USING a::integer}, as recast migrate hands over).
     */
    static Map<String, String> using(Alteration a) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String ch : a.changes()) {
            Matcher m = TYPE_CHANGE.matcher(ch.strip());
            Matcher u = USING.matcher(ch.strip());
            if (m.find() && u.find()) {
                out.put(column(m.group(1)), ch.strip().substring(u.end()).strip());
            }
        }
        out.putAll(a.using());
        return out;
    }

    private static String column(String token) {
        return token.startsWith("\"") ? token.substring(1, token.length() - 1).replace("\"\"", "\"")
                : token.toLowerCase(Locale.ROOT);
    }

    /**
     * The changes as statements on the new table, a --using expression attached to its type change.
     * Under an inheritance stand-in (a table with parents), which holds every column of the new table
     * so that they keep their order, the new table's columns are inherited and a change of one would be
     * refused there: each change goes to the stand-in and recurses into the new table, as ALTER TABLE on
     * a parent does; a column the stand-in drops stays in the new table (it is its own too) and is
     * dropped there as well. The stand-in leaves in the swap: what the new table has then is what the
     * change on the table itself gives.
     */
    static List<String> shadowChanges(TableDefinition t, ArtifactNames n, Alteration a) {
        boolean standIn = !t.inheritance().parents().isEmpty();
        List<String> out = new ArrayList<>();
        for (String ch : a.changes()) {
            String sql = ch.strip();
            Matcher m = TYPE_CHANGE.matcher(sql);
            if (m.find() && !USING.matcher(sql).find()) {
                String col = column(m.group(1));
                String using = a.using().get(col);
                if (using != null) {
                    sql = AlterSql.using(sql, using);
                }
            }
            if (!standIn) {
                out.add(AlterSql.alterShadow(n, sql));
                continue;
            }
            out.add(AlterSql.alterStandIn(n, sql));
            Matcher d = DROP_COLUMN.matcher(sql);
            if (d.find()) {
                out.add(AlterSql.alterShadow(n, "DROP COLUMN IF EXISTS " + d.group(1)));
            }
        }
        return out;
    }

    /**
     * The empty copy with everything the run builds on it, the changes applied; rolled back. Its
     * identity sequences come and go with it; ShadowSql's statements bind no locks on the table.
     */
    private static TableDefinition probe(Connection c, TableDefinition t, ArtifactNames n, List<String> changes,
                                         List<String> reasons) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            emptyCopy(c, t, n, changes);
            if (!t.inheritance().parents().isEmpty()) {
                // what a change made on the stand-in that does not recurse into the new table would be lost
                for (String what : Jdbc.query(c, AlterSql.STAND_IN_OWN, rs -> rs.getString(1), n.qStandIn(),
                        n.qStandIn(), n.qStandIn())) {
                    reasons.add("the change makes " + what + ", which a table with inheritance parents gets through the "
                            + "stand-in parent the run creates it under, where it would not reach the new table: make it "
                            + "before or after the run (not supported online yet on such a table)");
                }
            }
            long oid = Jdbc.queryLong(c, AlterSql.OID, n.qShadow());
            return new TableInspector().inspect(c, oid);
        } finally {
            c.rollback();
            c.setAutoCommit(auto);
        }
    }

    /** In the caller's transaction: the empty copy, the changes applied to it. */
    private static void emptyCopy(Connection c, TableDefinition t, ArtifactNames n, List<String> changes)
            throws SQLException {
        Jdbc.exec(c, "alter", AlterSql.PROBE_LOCK_TIMEOUT);
        Jdbc.exec(c, "alter", ChangelogSql.createSchema());
        for (String s : ShadowSql.create(t, n)) {
            Jdbc.exec(c, "alter", s);
        }
        for (String s : ShadowIndexSql.afterBackfill(t, n)) {
            Jdbc.exec(c, "alter", s);
        }
        for (String s : changes) {
            try {
                Jdbc.exec(c, "alter", s);
            } catch (SQLException e) {
                throw new InvalidOptionsException("the change '" + AlterSql.change(n, s)
                        + "' fails on the structure of " + t.displayName() + ": " + e.getMessage().strip()
                        + " (PostgreSQL checked it on an empty copy; nothing was created)");
            }
        }
    }

    /**
     * Whether what the swap makes again from its definition still compiles against the new table,
     * before anything is created: each view on a changed column, each materialized view that reads the
     * table and each view on those, each rule that names the table, each routine with an SQL-standard
     * body that reads it. In a transaction that is rolled back, their definitions are printed with the
     * schemas of the table, the views and the rules' relations as search_path (names found there print
     * unqualified), then a temporary table of the table's name and the new structure is made, temporary
     * views of the views' and the materialized views' names, temporary stand-ins of the relations that
     * the rules are on, then the rules and the routines: unqualified, those names find the temporary ones
     * first. A name printed qualified (in another schema, beside one of the same name) is checked against
     * the relation as it is now. Returns a reason for each that fails, with PostgreSQL's error.
     */
    private static List<String> compileDependents(Connection c, TableDefinition t, ArtifactNames n,
                                                  List<String> changes, List<RebuiltView> views) throws SQLException {
        List<String> out = new ArrayList<>();
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            emptyCopy(c, t, n, changes);
            List<RuleRelation> ruleRelations = new ArrayList<>();
            for (DependentRule r : t.rules()) {
                ruleRelations.add(Jdbc.queryOne(c, AlterSql.RULE_RELATION, rs -> new RuleRelation(rs.getLong("oid"),
                        rs.getString("nspname"), rs.getString("relname"), rs.getString("relkind").charAt(0)), r.oid())
                        .orElseThrow());
            }
            Set<String> schemas = new LinkedHashSet<>();
            schemas.add(t.schema());
            views.forEach(v -> schemas.add(v.schema()));
            t.materializedViews().forEach(m -> schemas.add(m.schema()));
            ruleRelations.forEach(r -> schemas.add(r.schema()));
            Jdbc.exec(c, "alter", AlterSql.searchPath(schemas));
            Map<Long, String> definitions = new LinkedHashMap<>();
            List<Long> viewOids = new ArrayList<>();
            views.forEach(v -> viewOids.add(v.oid()));
            t.materializedViews().forEach(m -> viewOids.add(m.oid()));
            ruleRelations.stream().filter(r -> r.relkind() == 'v').forEach(r -> viewOids.add(r.oid()));
            for (long oid : viewOids) {
                definitions.put(oid, Jdbc.queryOne(c, CutoverSql.viewDefinition(), rs -> rs.getString(1), oid).orElseThrow());
            }
            for (DependentRoutine r : t.routines()) {
                definitions.put(r.oid(), Jdbc.queryOne(c, CutoverSql.routineDefinition(), rs -> rs.getString(1), r.oid())
                        .orElseThrow());
            }
            for (DependentRule r : t.rules()) {
                // pretty-printed: the plain form always qualifies the rule's own relation
                definitions.put(r.oid(), Jdbc.queryOne(c, AlterSql.RULE_DEFINITION, rs -> rs.getString(1), r.oid())
                        .orElseThrow());
            }
            Jdbc.exec(c, "alter", AlterSql.temporaryTable(t.name(), n.qShadow()));
            Map<String, Long> made = new HashMap<>(); // temporary relation's name -> what it stands for
            made.put(t.name(), t.oid());
            for (RebuiltView v : views) {
                if (!v.afterMaterializedViews()) {
                    out.addAll(compileView(c, made, v.oid(), v.name(), definitions.get(v.oid()), "view " + v.qualified()
                            + " reads a changed column"));
                }
            }
            // the materialized views and the views on them, each after what it reads (as the swap makes them)
            record Around(int depth, long oid, String name, String what) {
            }
            List<Around> around = new ArrayList<>();
            for (MaterializedViewDef m : t.materializedViews()) {
                around.add(new Around(m.depth(), m.oid(), m.name(), "materialized view " + m.qualified() + " reads the "
                        + "table, directly or through views or materialized views (the swap builds it again)"));
            }
            for (RebuiltView v : views) {
                if (v.afterMaterializedViews()) {
                    around.add(new Around(v.depth(), v.oid(), v.name(), "view " + v.qualified()
                            + " reads a materialized view that the swap builds again"));
                }
            }
            around.sort(Comparator.comparingInt(Around::depth));
            for (Around x : around) {
                out.addAll(compileView(c, made, x.oid(), x.name(), definitions.get(x.oid()), x.what()));
            }
            for (int k = 0; k < t.rules().size(); k++) {
                DependentRule r = t.rules().get(k);
                RuleRelation on = ruleRelations.get(k);
                Long standsFor = made.get(on.name());
                if (standsFor == null) {
                    String standIn = on.relkind() == 'v' ? AlterSql.temporaryView(on.name(), definitions.get(on.oid()))
                            : AlterSql.temporaryTable(on.name(), Sql.qualified(on.schema(), on.name()));
                    if (compileError(c, standIn) != null) {
                        continue; // the rule's relation itself is checked, where it reads the table, as a view above
                    }
                    made.put(on.name(), on.oid());
                } else if (standsFor != on.oid()) {
                    continue; // two relations of one name: the rule compiles when the swap makes it
                }
                String error = compileError(c, Sql.withoutSemicolon(definitions.get(r.oid())));
                if (error != null) {
                    out.add("rule " + r.name() + " on " + Sql.qualified(on.schema(), on.name()) + " names the table and "
                            + "would no longer compile against the new table: " + error + " (checked on an empty copy); "
                            + "drop it before the run and create it again after, or change it first");
                }
            }
            for (DependentRoutine r : t.routines()) {
                String error = compileError(c, definitions.get(r.oid()));
                if (error != null) {
                    out.add("routine " + r.signature() + " reads the table and would no longer compile against the new "
                            + "table: " + error + " (checked on an "
                            + "empty copy); drop it before the run and create it again after, or change it first");
                }
            }
        } finally {
            c.rollback();
            c.setAutoCommit(auto);
        }
        return out;
    }

    /** The relation a rule is on. */
    private record RuleRelation(long oid, String schema, String name, char relkind) {
    }

    /**
     * A temporary view of the view's name (or its name and oid, when one of that name stands for
     * another relation already) made from its definition; a reason when it does not compile.
     */
    private static List<String> compileView(Connection c, Map<String, Long> made, long oid, String name,
                                            String definition, String what) throws SQLException {
        String as = made.putIfAbsent(name, oid) == null ? name : name + "_" + oid;
        String error = compileError(c, AlterSql.temporaryView(as, definition));
        if (error == null) {
            return List.of();
        }
        return List.of(what + " and would no longer compile against the new table: " + error + " (checked on an "
                + "empty copy); drop it before the run and create it again after, or change it first");
    }

    /** Runs {@code sql} under a savepoint: null when it worked, else the first line of PostgreSQL's error. */
    private static String compileError(Connection c, String sql) throws SQLException {
        Jdbc.exec(c, "alter", AlterSql.SAVEPOINT);
        try {
            Jdbc.exec(c, "alter", sql);
            Jdbc.exec(c, "alter", AlterSql.RELEASE);
            return null;
        } catch (SQLException e) {
            Jdbc.exec(c, "alter", AlterSql.ROLLBACK_TO_SAVEPOINT);
            return e.getMessage().strip().lines().findFirst().orElse("");
        }
    }

    /** The attnums of the table's changed columns. */
    private static long[] attnums(TableDefinition t, Map<String, Column> changed) {
        return t.columns().stream().filter(col -> changed.containsKey(col.name())).mapToLong(Column::attnum).toArray();
    }

    /**
     * The new table's indexes, each under the name of the table's index it was built from. The
     * statistics targets of their columns are the copy's: an index that a type change rebuilds loses
     * them, as it does in ALTER TABLE.
     */
    private static List<IndexDef> indexes(TableDefinition t, ArtifactNames n, TableDefinition shadow) {
        List<IndexDef> out = new ArrayList<>();
        for (int k = 0; k < t.indexes().size(); k++) {
            String tmp = n.shadowIndex(k + 1);
            IndexDef was = t.indexes().get(k);
            Optional<IndexDef> now = shadow.indexes().stream().filter(x -> x.name().equals(tmp)).findFirst();
            now.ifPresent(x -> out.add(new IndexDef(was.oid(), was.name(), x.unique(), x.tail(), was.tablespace(),
                    was.constraintType(), x.constraintDef(), was.deferrable(), was.deferred(), was.replicaIdentity(),
                    was.clustered(), was.comment(), was.constraintComment(), x.statTargets())));
        }
        return out;
    }

    /** The new table's CHECK constraints as PostgreSQL adjusted them, and the table's foreign keys. */
    private static List<ConstraintDef> constraints(TableDefinition t, TableDefinition shadow) {
        List<ConstraintDef> out = new ArrayList<>();
        for (ConstraintDef k : shadow.constraints()) {
            if (k.type() == 'c') {
                String comment = t.constraints().stream().filter(x -> x.name().equals(k.name())).map(ConstraintDef::comment)
                        .filter(Objects::nonNull).findFirst().orElse(k.comment());
                out.add(new ConstraintDef(k.name(), k.type(), k.definition(), k.validated(), comment, k.referencedOid()));
            }
        }
        t.constraints().stream().filter(ConstraintDef::isForeignKey).forEach(out::add);
        return out;
    }

    private static List<StatisticsDef> statistics(TableDefinition t, ArtifactNames n, TableDefinition shadow) {
        List<StatisticsDef> out = new ArrayList<>();
        for (int k = 0; k < t.statistics().size(); k++) {
            String tmp = n.shadowStatistics(k + 1);
            StatisticsDef was = t.statistics().get(k);
            shadow.statistics().stream().filter(x -> x.name().equals(tmp)).findFirst().ifPresent(x -> out.add(
                    new StatisticsDef(was.schema(), was.name(), x.body(), was.statTarget(), was.owner(), was.comment())));
        }
        return out;
    }

    private static final Pattern VARCHAR = Pattern.compile("character varying\\((\\d+)\\)");

    /** Conversions that cannot fail, whose values need no check: to a wider integer, numeric or text. */
    static boolean widening(String from, String to) {
        List<String> ints = List.of("smallint", "integer", "bigint");
        if (ints.contains(from) && (to.equals("numeric") || ints.contains(to) && ints.indexOf(to) >= ints.indexOf(from))) {
            return true;
        }
        boolean textual = from.equals("text") || from.startsWith("character varying");
        if (textual && (to.equals("text") || to.equals("character varying"))) {
            return true;
        }
        Matcher f = VARCHAR.matcher(from);
        Matcher t = VARCHAR.matcher(to);
        return f.matches() && t.matches() && Integer.parseInt(t.group(1)) >= Integer.parseInt(f.group(1));
    }

    private static boolean mentions(String definition, String column) {
        return Pattern.compile("(^|[\\s(,])" + Pattern.quote(Sql.ident(column)) + "([\\s),]|$)").matcher(definition).find()
                || Pattern.compile("(^|[\\s(,])" + Pattern.quote(column) + "([\\s),]|$)").matcher(definition).find();
    }
}
