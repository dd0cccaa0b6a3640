package io.recast.engine.internal.cutover;

import static io.recast.engine.internal.sql.Sql.ident;
import static io.recast.engine.internal.sql.Sql.literal;
import static io.recast.engine.internal.sql.Sql.qualified;

import io.recast.engine.api.CutoverOptions;
import io.recast.engine.internal.catalog.Column;
import io.recast.engine.internal.catalog.ConstraintDef;
import io.recast.engine.internal.catalog.DependentRoutine;
import io.recast.engine.internal.catalog.DependentRule;
import io.recast.engine.internal.catalog.DependentView;
import io.recast.engine.internal.catalog.IncomingKey;
import io.recast.engine.internal.catalog.IndexDef;
import io.recast.engine.internal.catalog.Inheritance;
import io.recast.engine.internal.catalog.MaterializedViewDef;
import io.recast.engine.internal.catalog.OwnedSequence;
import io.recast.engine.internal.catalog.PartitionOf;
import io.recast.engine.internal.catalog.PublicationMembership;
import io.recast.engine.internal.catalog.RebuiltView;
import io.recast.engine.internal.catalog.StatisticsDef;
import io.recast.engine.internal.catalog.TableDefinition;
import io.recast.engine.internal.catalog.TriggerDef;
import io.recast.engine.internal.changelog.ChangelogSql;
import io.recast.engine.internal.replay.ReplaySql;
import io.recast.engine.internal.runtime.ArtifactNames;
import io.recast.engine.internal.shadow.ShadowSql;
import io.recast.engine.internal.sql.Sql;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** SQL of the cut-over transaction and of what follows its commit. */
public final class CutoverSql {
    private CutoverSql() {
    }

    public static final String COMMIT = "COMMIT";

    public static String lockTimeout(Duration d) {
        return "SET LOCAL lock_timeout = " + literal(d.toMillis() + "ms");
    }

    public static String statementTimeout(Duration d) {
        return "SET LOCAL statement_timeout = " + literal(d.toMillis() + "ms");
    }

    /** A hung client of ours must not sit on the exclusive lock. */
    public static String idleTimeout(Duration d) {
        return "SET LOCAL idle_in_transaction_session_timeout = " + literal(d.toMillis() + "ms");
    }

    /**
     * The swap's lock. A partition's parent is locked first (ONLY: not its other partitions), as
     * queries through the parent lock it before its partitions; DETACH needs it exclusively.
     */
    /** Qualified names of the tables with the given oids, comma-separated, in oid order (bind: int8[]). */
    static final String REFERENCED_TABLES = """
            SELECT string_agg(format('%I.%I', n.nspname, c.relname), ', ' ORDER BY c.oid)
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.oid = ANY (?::int8[])
            """;

    /**
     * With {@link TableDefinition#drainsAfterRename}, the swap's first half of the drain: the table's
     * rows of the logged keys move into a temporary table, deleted from the table while it still has
     * its name, so that subscribers delete them too; user triggers and rules of the old table are
     * disabled for it (its incoming foreign keys are already dropped). {@link #unstash} puts them into
     * the new table once it has the name and the table's publications: subscribers then receive
     * deletes of rows they no longer have and inserts of rows they no longer have, and end as the
     * table. Nothing is written to the new table under its own name, which subscribers lack.
     */
    static List<String> stash(TableDefinition t, ArtifactNames n) {
        List<String> out = new ArrayList<>();
        String source = t.qualified();
        if (!t.triggers().isEmpty()) {
            out.add("ALTER TABLE " + source + " DISABLE TRIGGER USER");
        }
        for (DependentRule r : t.rules()) {
            if (r.onTable()) {
                out.add("ALTER TABLE " + source + " DISABLE RULE " + ident(r.name()));
            }
        }
        out.add("CREATE TEMPORARY TABLE " + n.qStash() + " (LIKE " + source + ") ON COMMIT DROP");
        out.add("WITH gone AS (DELETE FROM ONLY " + source + " AS s USING " + loggedKeys(t, n) + " WHERE "
                + ReplaySql.keyMatch(t) + " RETURNING s.*) INSERT INTO " + n.qStash() + " SELECT * FROM gone");
        return out;
    }

    /** The second half of {@link #stash}: in the swap, the new table (by the table's name) takes the rows. */
    static List<String> unstash(TableDefinition t, ArtifactNames n) {
        String table = t.qualified();
        return List.of("DELETE FROM " + table + " AS s USING " + loggedKeys(t, n) + " WHERE " + ReplaySql.keyMatch(t),
                ShadowSql.insertInto(t, table) + " FROM " + n.qStash() + " AS s");
    }

    /** Whether the log holds a TRUNCATE's mark (a row of NULL keys). */
    static String truncateLogged(TableDefinition t, ArtifactNames n) {
        return "SELECT EXISTS (SELECT 1 FROM " + n.qLog() + " WHERE " + ChangelogSql.logColumn(0) + " IS NULL)";
    }

    private static String loggedKeys(TableDefinition t, ArtifactNames n) {
        return "(SELECT DISTINCT " + ChangelogSql.logColumns(t.key().size()) + " FROM " + n.qLog() + ") AS l";
    }

    static String setLogged(ArtifactNames n) {
        return "ALTER TABLE " + n.qShadow() + " SET LOGGED";
    }

    /**
     * The swap's lock: the table (with its inheritance children, which the swap re-links), the shadow,
     * and ONLY the parents: a partition's (DETACH and ATTACH need it) and its DEFAULT partition, and
     * inheritance parents. A query on a parent lists the parent's children once it holds the parent's
     * lock; one that had listed them before the swap and then waited for the old table's lock would
     * write the old table after the swap, so the parents are locked first, as the queries lock them.
     */
    public static String lock(TableDefinition t, ArtifactNames n) {
        PartitionOf p = t.partitionOf();
        StringBuilder parents = new StringBuilder();
        if (p != null) {
            parents.append("ONLY ").append(p.parentQualified()).append(", ");
            if (p.defaultPartition() != null) {
                parents.append("ONLY ").append(p.defaultPartition()).append(", ");
            }
        }
        for (String parent : t.inheritance().parents()) {
            parents.append("ONLY ").append(parent).append(", ");
        }
        return "LOCK TABLE " + parents + t.qualified() + ", " + n.qShadow() + " IN ACCESS EXCLUSIVE MODE";
    }

    /**
     * Before the swap, for a partition whose parent has a DEFAULT partition: a CHECK on the DEFAULT
     * partition that none of its rows belongs to this partition (true: such rows go to the partition),
     * so that the attach in the swap proves the DEFAULT partition's new constraint instead of scanning
     * it under the exclusive lock. Added NOT VALID (a moment of ACCESS EXCLUSIVE, under the short
     * lock_timeout), then {@link #validateDefaultCheck} scans it without blocking writes. Empty when
     * there is no DEFAULT partition.
     */
    public static List<String> addDefaultCheck(TableDefinition t, ArtifactNames n) {
        return addDefaultCheck(t, n, null);
    }

    /**
     * As {@link #addDefaultCheck(TableDefinition, ArtifactNames)}; {@code bound} is the partition's own
     * bound as a constraint, without its parent's (see {@link #boundOnly}), for a partition of a
     * partition: PostgreSQL proves the DEFAULT partition's new constraint from NOT (the whole
     * constraint) up to 17 and from NOT (the bound alone) from 18, so the CHECK holds both.
     */
    public static List<String> addDefaultCheck(TableDefinition t, ArtifactNames n, String bound) {
        PartitionOf p = t.partitionOf();
        if (p == null || p.defaultPartition() == null) {
            return List.of();
        }
        String check = "NOT (" + p.constraint() + ")" + (bound == null ? "" : " AND NOT (" + bound + ")");
        return List.of("ALTER TABLE " + p.defaultPartition() + " DROP CONSTRAINT IF EXISTS " + ident(n.defaultCheck()),
                "ALTER TABLE " + p.defaultPartition() + " ADD CONSTRAINT " + ident(n.defaultCheck())
                        + " CHECK (" + check + ") NOT VALID");
    }

    /** The partition key of the parent (bind its qualified name), as PARTITION BY takes it. */
    static final String PARTITION_KEY = "SELECT pg_get_partkeydef(?::regclass)";

    /** Whether the partition's parent (bind its qualified name) is itself a partition. */
    static final String PARENT_IS_PARTITION = "SELECT relispartition FROM pg_class WHERE oid = ?::regclass";

    /**
     * In a transaction that is rolled back, a temporary partitioned table of the parent's columns and
     * partition key with one partition of the partition's bound: its constraint is that bound alone
     * (the last statement reads it). A DEFAULT partition exists only beside list and range partitions,
     * whose constraints name no table.
     */
    static List<String> boundOnly(TableDefinition t, ArtifactNames n, String partitionKey) {
        PartitionOf p = t.partitionOf();
        String parent = "pg_temp." + ident("recast_bound_" + n.oid());
        String leaf = "pg_temp." + ident("recast_bound_" + n.oid() + "_leaf");
        return List.of("CREATE TEMPORARY TABLE " + parent + " (LIKE " + p.parentQualified() + ") PARTITION BY "
                        + partitionKey,
                "CREATE TEMPORARY TABLE " + leaf + " PARTITION OF " + parent + " " + p.bound(),
                "SELECT pg_get_partition_constraintdef(" + literal(leaf) + "::regclass)");
    }

    /** The scan that validates {@link #addDefaultCheck}'s constraint: SHARE UPDATE EXCLUSIVE, writes go on. */
    public static String validateDefaultCheck(TableDefinition t, ArtifactNames n) {
        return "ALTER TABLE " + t.partitionOf().defaultPartition() + " VALIDATE CONSTRAINT " + ident(n.defaultCheck());
    }

    /**
     * The swap, run after the log is drained and with both tables locked. Order matters: serial
     * sequences are detached before the old table moves (SET SCHEMA would take them along), the
     * old table's indexes and identity sequences get derived names before the shadow's take the
     * original ones, and outgoing foreign keys are added last, NOT VALID, so the swap scans nothing.
     * A partition is detached first and the new table attached with the same bound once it has the
     * original name (its CHECK proves the bound, so the attach scans nothing); materialized views are
     * dropped before the rename and built again after it.
     *
     * @param definitions the definitions of dependent views, materialized views, routines and rules
     *                    by oid, read under the lock (placeholders where missing: the dry run)
     */
    public static List<String> swap(TableDefinition t, ArtifactNames n, Map<Long, String> definitions) {
        return swap(t, t, n, definitions);
    }

    /**
     * As {@link #swap(TableDefinition, ArtifactNames, Map)}, when the new table's definition
     * {@code target} differs from the table's (recast alter): its indexes, statistics objects and
     * foreign keys take the place of the table's, and serial sequences follow their column's name
     * and new integer type.
     */
    public static List<String> swap(TableDefinition t, TableDefinition target, ArtifactNames n,
                                    Map<Long, String> definitions) {
        List<String> out = new ArrayList<>();
        String schema = t.schema();
        String source = t.qualified();
        out.addAll(ChangelogSql.dropTriggers(source, n));
        for (IncomingKey k : t.incomingKeys()) {
            // before the detach, which would otherwise check every row referencing a partitioned parent
            out.add("ALTER TABLE " + k.qualifiedTable() + " DROP CONSTRAINT " + ident(k.name()));
        }
        if (t.drainsAfterRename()) {
            out.addAll(stash(t, n)); // after the drops: the deletes cascade nowhere
        }
        PartitionOf partition = t.partitionOf();
        if (partition != null) {
            out.add("ALTER TABLE " + partition.parentQualified() + " DETACH PARTITION " + source);
        }
        List<RebuiltView> rebuilt = target.rebuiltViews();
        List<Rebuilt> remade = remade(t, rebuilt, definitions);
        // moved aside, not dropped: what names them (routines, rules) is re-pointed to the new ones, and
        // they are dropped at the end
        for (Rebuilt r : remade) {
            out.addAll(r.aside());
        }
        List<OwnedSequence> serials = t.sequences().stream().filter(s -> !s.identity()).toList();
        for (OwnedSequence s : serials) {
            out.add("ALTER SEQUENCE " + qualified(s.schema(), s.name()) + " OWNED BY NONE");
        }
        List<OwnedSequence> identities = ShadowSql.identitySequences(t);
        for (int k = 0; k < identities.size(); k++) {
            OwnedSequence s = identities.get(k);
            out.add("SELECT pg_catalog.setval(" + literal(qualified(ArtifactNames.SCHEMA, n.shadowSequence(k + 1)))
                    + "::pg_catalog.regclass, last_value, is_called) FROM " + qualified(s.schema(), s.name()));
        }
        List<IndexDef> indexes = t.indexes();
        for (int k = 0; k < indexes.size(); k++) {
            out.add("ALTER INDEX " + qualified(schema, indexes.get(k).name()) + " RENAME TO " + ident(n.oldIndex(k + 1)));
        }
        for (int k = 0; k < identities.size(); k++) {
            OwnedSequence s = identities.get(k);
            out.add("ALTER SEQUENCE " + qualified(s.schema(), s.name()) + " RENAME TO " + ident(n.oldSequence(k + 1)));
        }
        List<StatisticsDef> statistics = t.statistics();
        for (int k = 0; k < statistics.size(); k++) {
            out.add("ALTER STATISTICS " + statistics.get(k).qualified() + " RENAME TO " + ident(n.oldStatistics(k + 1)));
        }
        out.add("ALTER TABLE " + source + " RENAME TO " + ident(n.old()));
        out.add("ALTER TABLE " + qualified(schema, n.old()) + " SET SCHEMA " + ident(ArtifactNames.SCHEMA));
        out.add("ALTER TABLE " + n.qShadow() + " SET SCHEMA " + ident(schema));
        out.add("ALTER TABLE " + qualified(schema, n.shadow()) + " RENAME TO " + ident(t.name()));
        out.addAll(ShadowSql.restoreReloptions(t, source));
        List<IndexDef> newIndexes = target.indexes();
        for (int k = 0; k < newIndexes.size(); k++) {
            out.add("ALTER INDEX " + qualified(schema, n.shadowIndex(k + 1)) + " RENAME TO " + ident(newIndexes.get(k).name()));
        }
        if (partition != null) {
            out.add("ALTER TABLE " + partition.parentQualified() + " ATTACH PARTITION " + source + " " + partition.bound());
            if (partition.constraint() != null) {
                out.add("ALTER TABLE " + source + " DROP CONSTRAINT " + ident(n.partitionCheck()));
            }
            if (partition.defaultPartition() != null) {
                out.add("ALTER TABLE " + partition.defaultPartition() + " DROP CONSTRAINT " + ident(n.defaultCheck()));
            }
        }
        out.addAll(relink(t.inheritance(), source, n));
        for (int k = 0; k < identities.size(); k++) {
            OwnedSequence s = identities.get(k);
            out.add("ALTER SEQUENCE " + qualified(schema, n.shadowSequence(k + 1)) + " RENAME TO " + ident(s.name()));
        }
        for (OwnedSequence s : serials) {
            Column from = t.columns().stream().filter(c -> c.name().equals(s.column())).findFirst()
                    .orElse(null);
            String column = from == null ? s.column() : from.target();
            String type = target.columns().stream().filter(c -> c.name().equals(column)).map(c -> c.type()).findFirst()
                    .orElse(null);
            if (from != null && type != null && !type.equals(from.type())
                    && List.of("smallint", "integer", "bigint").contains(type)) {
                // a widened serial: the sequence's own type bounds it too (its maximum follows when it was the old type's)
                out.add("ALTER SEQUENCE " + qualified(s.schema(), s.name()) + " AS " + type);
            }
            out.add("ALTER SEQUENCE " + qualified(s.schema(), s.name()) + " OWNED BY " + source + "." + ident(column));
        }
        List<StatisticsDef> newStatistics = target.statistics();
        for (int k = 0; k < newStatistics.size(); k++) {
            StatisticsDef st = newStatistics.get(k);
            out.add("ALTER STATISTICS " + qualified(ArtifactNames.SCHEMA, n.shadowStatistics(k + 1)) + " SET SCHEMA "
                    + ident(st.schema()));
            out.add("ALTER STATISTICS " + qualified(st.schema(), n.shadowStatistics(k + 1)) + " RENAME TO " + ident(st.name()));
        }
        for (PublicationMembership p : t.publications()) {
            out.add("ALTER PUBLICATION " + ident(p.publication()) + " DROP TABLE " + n.qOld());
            out.add("ALTER PUBLICATION " + ident(p.publication()) + " ADD TABLE ONLY " + source
                    + (p.columns().isEmpty() ? "" : " (" + Sql.idents(p.columns()) + ")")
                    + (p.rowFilter() == null ? "" : " WHERE (" + p.rowFilter() + ")"));
        }
        if (t.drainsAfterRename()) {
            // with the name and the publications, before anything reads the new table (materialized views)
            out.addAll(unstash(t, n));
        }
        for (DependentView v : t.views()) {
            if (rebuilt.stream().noneMatch(r -> r.oid() == v.oid())) {
                out.add(replaceView(v, definitions.get(v.oid())));
            }
        }
        for (Rebuilt r : remade) {
            out.addAll(r.create()); // each after what it reads
        }
        for (DependentRoutine r : t.routines()) {
            out.add(definitions.getOrDefault(r.oid(), "-- " + r.signature() + ": its own definition, read under the lock"));
        }
        for (DependentRule r : t.rules()) {
            out.addAll(rule(r, definitions.get(r.oid()), source));
        }
        for (int k = remade.size() - 1; k >= 0; k--) {
            out.add(remade.get(k).dropAside()); // each before what it reads
        }
        for (TriggerDef tr : t.triggers()) {
            // the shadow's own triggers were created disabled; a clone comes with its parent's state
            String mode = tr.enabled() == 'D' && !tr.inherited() ? null : enabledState(tr.enabled());
            if (mode != null) {
                out.add("ALTER TABLE " + source + " " + mode + " TRIGGER " + ident(tr.name()));
            }
        }
        if (t.rowSecurity()) {
            out.add("ALTER TABLE " + source + " ENABLE ROW LEVEL SECURITY");
        }
        if (t.forceRowSecurity()) {
            out.add("ALTER TABLE " + source + " FORCE ROW LEVEL SECURITY");
        }
        for (ConstraintDef k : t.constraints()) {
            if (k.isForeignKey()) {
                // the old table lets go of what it references, under the lock the swap holds on it anyway: a
                // kept old table must not block or cascade deletes there, and dropping it later needs no lock there
                out.add("ALTER TABLE " + n.qOld() + " DROP CONSTRAINT " + ident(k.name()));
            }
        }
        for (ConstraintDef k : target.constraints()) {
            if (k.isForeignKey()) {
                out.add("ALTER TABLE " + source + " ADD CONSTRAINT " + ident(k.name()) + " " + k.definition()
                        + (k.validated() ? " NOT VALID" : ""));
                if (k.comment() != null) {
                    out.add("COMMENT ON CONSTRAINT " + ident(k.name()) + " ON " + source + " IS " + literal(k.comment()));
                }
            }
        }
        for (IncomingKey k : t.incomingKeys()) {
            out.add("ALTER TABLE " + k.qualifiedTable() + " ADD CONSTRAINT " + ident(k.name()) + " " + k.definition()
                    + (k.validated() ? " NOT VALID" : ""));
            if (k.comment() != null) {
                out.add("COMMENT ON CONSTRAINT " + ident(k.name()) + " ON " + k.qualifiedTable() + " IS "
                        + literal(k.comment()));
            }
        }
        return out;
    }

    /**
     * What the swap leaves for after its commit, to hold the lock no longer than it must: the change
     * log and its function, which nothing uses once the swap dropped the triggers.
     */
    public static List<String> afterCommit(ArtifactNames n) {
        return List.of(ChangelogSql.dropLog(n), ChangelogSql.dropFunction(n));
    }

    /**
     * The new table takes the old one's place in its inheritance tree: the old table leaves its
     * parents; the new one joins them, in their order, and then leaves its stand-in, so that what it
     * inherits keeps an inheritance count above zero throughout and stays not local; each child gains
     * the new table before it loses the old one, for the same reason, and its parents after the old one
     * are moved behind the new one, so that their order stays. See {@link Inheritance}.
     */
    static List<String> relink(Inheritance inh, String source, ArtifactNames n) {
        List<String> out = new ArrayList<>();
        for (String parent : inh.parents()) {
            out.add("ALTER TABLE " + n.qOld() + " NO INHERIT " + parent);
        }
        for (String parent : inh.parents()) {
            out.add("ALTER TABLE " + source + " INHERIT " + parent);
        }
        if (!inh.parents().isEmpty()) {
            out.add("ALTER TABLE " + source + " NO INHERIT " + n.qStandIn());
            out.add("DROP TABLE " + n.qStandIn());
        }
        int standIns = 0;
        for (String child : inh.children()) {
            out.add("ALTER TABLE " + child + " INHERIT " + source);
            for (String later : inh.laterParents().getOrDefault(child, List.of())) {
                // the new table was appended: each parent that came after the old one is moved behind it,
                // through a stand-in of its shape that keeps what the child inherits from it inherited
                String standIn = qualified(ArtifactNames.SCHEMA, n.standIn() + "_" + (++standIns));
                out.add("CREATE TABLE " + standIn + " (LIKE " + later + " INCLUDING CONSTRAINTS INCLUDING GENERATED)");
                out.add("ALTER TABLE " + child + " INHERIT " + standIn);
                out.add("ALTER TABLE " + child + " NO INHERIT " + later);
                out.add("ALTER TABLE " + child + " INHERIT " + later);
                out.add("ALTER TABLE " + child + " NO INHERIT " + standIn);
                out.add("DROP TABLE " + standIn);
            }
            out.add("ALTER TABLE " + child + " NO INHERIT " + n.qOld());
        }
        return out;
    }

    /**
     * ALTER TABLE's words for a trigger's or a rule's enabled state (pg_trigger.tgenabled,
     * pg_rewrite.ev_enabled: 'O' origin, 'D' disabled, 'R' replica, 'A' always), null for another.
     */
    static String enabledState(char state) {
        return switch (state) {
            case 'O' -> "ENABLE";
            case 'D' -> "DISABLE";
            case 'R' -> "ENABLE REPLICA";
            case 'A' -> "ENABLE ALWAYS";
            default -> null;
        };
    }

    /** The definition of a dependent view or materialized view, read under the lock before the rename. */
    public static String viewDefinition() {
        return "SELECT pg_get_viewdef(?::oid)";
    }

    /** CREATE OR REPLACE FUNCTION/PROCEDURE, complete, of a routine with an SQL-standard body. */
    public static String routineDefinition() {
        return "SELECT pg_get_functiondef(?::oid)";
    }

    public static String ruleDefinition() {
        return "SELECT pg_get_ruledef(?::oid)";
    }

    /**
     * A relation the swap makes again: first moved aside (renamed, with its indexes), then made again,
     * and the one aside dropped once nothing names it.
     */
    private record Rebuilt(List<String> aside, String dropAside, List<String> create) {
        static Rebuilt view(RebuiltView v, String definition, String runner) {
            return new Rebuilt(List.of("ALTER VIEW " + v.qualified() + " RENAME TO " + ident(CutoverSql.aside(v.oid()))),
                    "DROP VIEW " + qualified(v.schema(), CutoverSql.aside(v.oid())), createView(v, definition, runner));
        }
    }

    /** The name a relation the swap makes again is moved aside to, in its schema, until it is dropped. */
    private static String aside(long oid) {
        return "recast_aside_" + oid;
    }

    /**
     * What the swap makes again, in the order it is made, each after what it reads (the ones moved
     * aside are dropped in the reverse order): the views on changed columns of a recast alter, in their
     * order, then the materialized views the swap builds again and the views on them, by depth (those
     * may read the former, never the other way round).
     */
    private static List<Rebuilt> remade(TableDefinition t, List<RebuiltView> rebuilt, Map<Long, String> definitions) {
        List<Rebuilt> out = new ArrayList<>();
        for (RebuiltView v : rebuilt) {
            if (!v.afterMaterializedViews()) {
                out.add(Rebuilt.view(v, definitions.get(v.oid()), t.runner()));
            }
        }
        record AtDepth(int depth, Rebuilt rebuilt) {
        }
        List<AtDepth> around = new ArrayList<>();
        for (MaterializedViewDef m : t.materializedViews()) {
            List<String> aside = new ArrayList<>();
            aside.add("ALTER MATERIALIZED VIEW " + m.qualified() + " RENAME TO " + ident(aside(m.oid())));
            for (int k = 0; k < m.indexes().size(); k++) {
                // so that the new view's indexes take their names
                aside.add("ALTER INDEX " + qualified(m.schema(), m.indexes().get(k).name()) + " RENAME TO "
                        + ident(aside(m.oid()) + "_i" + (k + 1)));
            }
            around.add(new AtDepth(m.depth(), new Rebuilt(aside, "DROP MATERIALIZED VIEW "
                    + qualified(m.schema(), aside(m.oid())), materializedView(m, definitions.get(m.oid()), t.runner()))));
        }
        for (RebuiltView v : rebuilt) {
            if (v.afterMaterializedViews()) {
                around.add(new AtDepth(v.depth(), Rebuilt.view(v, definitions.get(v.oid()), t.runner())));
            }
        }
        around.sort(Comparator.comparingInt(AtDepth::depth));
        around.forEach(x -> out.add(x.rebuilt()));
        return out;
    }

    /**
     * A materialized view built again from its definition: WITH DATA runs its query here, under the
     * lock. Then its owner, grants, comments and indexes, as they were.
     */
    static List<String> materializedView(MaterializedViewDef m, String definition, String runner) {
        List<String> out = new ArrayList<>();
        String body = body(definition);
        String q = m.qualified();
        out.add("CREATE MATERIALIZED VIEW " + q
                + (m.reloptions().isEmpty() ? "" : " WITH (" + String.join(", ", m.reloptions()) + ")")
                + (m.tablespace() == null ? "" : " TABLESPACE " + ident(m.tablespace()))
                + " AS " + body + (m.populated() ? " WITH DATA" : " WITH NO DATA"));
        if (!m.owner().equals(runner)) {
            out.add("ALTER MATERIALIZED VIEW " + q + " OWNER TO " + ident(m.owner()));
        }
        out.addAll(ShadowSql.grants(m.owner(), m.defaultAcl(), m.grants(), q));
        if (m.comment() != null) {
            out.add("COMMENT ON MATERIALIZED VIEW " + q + " IS " + literal(m.comment()));
        }
        for (String[] c : m.columnComments()) {
            out.add("COMMENT ON COLUMN " + q + "." + ident(c[0]) + " IS " + literal(c[1]));
        }
        for (MaterializedViewDef.Index ix : m.indexes()) {
            out.add("SET LOCAL default_tablespace = " + literal(ix.tablespace() == null ? "" : ix.tablespace()));
            out.add(ix.definition());
            if (ix.clustered()) {
                out.add("ALTER MATERIALIZED VIEW " + q + " CLUSTER ON " + ident(ix.name()));
            }
            if (ix.comment() != null) {
                out.add("COMMENT ON INDEX " + qualified(m.schema(), ix.name()) + " IS " + literal(ix.comment()));
            }
        }
        if (!m.indexes().isEmpty()) {
            out.add("SET LOCAL default_tablespace = ''");
        }
        return out;
    }

    /**
     * A rule on the table is created on the new table (the old one's goes with it), with its
     * enabled state and comment, and so is a rule on a view the swap makes again; a rule on another
     * table is replaced in place, which binds it to the new table and keeps the rest.
     */
    static List<String> rule(DependentRule r, String definition, String source) {
        String def = definition == null ? "CREATE RULE " + ident(r.name()) + " <its definition, read under the lock>"
                : Sql.withoutSemicolon(definition);
        if (!r.onTable() && r.onRebuilt() == null) {
            return List.of(def.startsWith("CREATE RULE ") ? "CREATE OR REPLACE RULE " + def.substring(12) : def);
        }
        String on = r.onTable() ? source : r.onRebuilt();
        List<String> out = new ArrayList<>();
        out.add(def);
        String mode = r.enabled() == 'O' ? null : enabledState(r.enabled()); // a new rule is enabled
        if (mode != null) {
            out.add("ALTER TABLE " + on + " " + mode + " RULE " + ident(r.name()));
        }
        if (r.comment() != null) {
            out.add("COMMENT ON RULE " + ident(r.name()) + " ON " + on + " IS " + literal(r.comment()));
        }
        return out;
    }

    /** A definition read under the lock, to embed; a placeholder in the dry run, which reads none. */
    private static String body(String definition) {
        return definition == null ? "<its definition, read under the lock>" : Sql.withoutSemicolon(definition);
    }

    /**
     * Replaces a view with its own definition, which now resolves the table's name to the new
     * table; with its reloptions, which CREATE OR REPLACE VIEW would otherwise reset.
     */
    static String replaceView(DependentView v, String definition) {
        String body = body(definition);
        return "CREATE OR REPLACE VIEW " + v.qualified()
                + (v.reloptions().isEmpty() ? "" : " WITH (" + String.join(", ", v.reloptions()) + ")") + " AS " + body;
    }

    /**
     * A view on a changed column, created again from its definition (read under the lock) so that its
     * columns take the new types, with what its DROP took along.
     */
    static List<String> createView(RebuiltView v, String definition, String runner) {
        List<String> out = new ArrayList<>();
        String body = body(definition);
        String q = v.qualified();
        out.add("CREATE VIEW " + q + (v.reloptions().isEmpty() ? "" : " WITH (" + String.join(", ", v.reloptions()) + ")")
                + " AS " + body);
        if (!v.owner().equals(runner)) {
            out.add("ALTER VIEW " + q + " OWNER TO " + ident(v.owner()));
        }
        out.addAll(ShadowSql.grants(v.owner(), v.defaultAcl(), v.grants(), q));
        if (v.comment() != null) {
            out.add("COMMENT ON VIEW " + q + " IS " + literal(v.comment()));
        }
        for (String[] c : v.columnComments()) {
            out.add("COMMENT ON COLUMN " + q + "." + ident(c[0]) + " IS " + literal(c[1]));
        }
        for (String[] d : v.columnDefaults()) {
            out.add("ALTER VIEW " + q + " ALTER COLUMN " + ident(d[0]) + " SET DEFAULT " + d[1]);
        }
        for (String[] tr : v.triggers()) {
            out.add(tr[0]);
            if (tr[1] != null) {
                out.add("COMMENT ON TRIGGER " + ident(tr[2]) + " ON " + q + " IS " + literal(tr[1]));
            }
        }
        return out;
    }

    /**
     * After the commit, the foreign keys that were valid, outgoing and incoming: VALIDATE takes only
     * SHARE UPDATE EXCLUSIVE, so writes go on meanwhile.
     */
    public static List<String> validateForeignKeys(TableDefinition t) {
        List<String> out = new ArrayList<>();
        t.constraints().stream().filter(k -> k.isForeignKey() && k.validated())
                .forEach(k -> out.add("ALTER TABLE " + t.qualified() + " VALIDATE CONSTRAINT " + ident(k.name())));
        t.incomingKeys().stream().filter(IncomingKey::validated)
                .forEach(k -> out.add("ALTER TABLE " + k.qualifiedTable() + " VALIDATE CONSTRAINT " + ident(k.name())));
        return out;
    }

    public static String dropOld(ArtifactNames n) {
        return "DROP TABLE IF EXISTS " + n.qOld();
    }

    /** The tables the swap's foreign keys reference, locked before the table (see Cutover). */
    static String lockReferenced(String qualifiedTables) {
        return "LOCK TABLE " + qualifiedTables + " IN SHARE ROW EXCLUSIVE MODE";
    }

    /** The swap's statements as {@code --dry-run} shows them: the lock, the drain, the swap, the commit. */
    public static List<String> planned(TableDefinition t, TableDefinition target, ArtifactNames n, CutoverOptions o) {
        List<String> out = new ArrayList<>();
        if (t.partitionOf() != null && t.partitionOf().defaultPartition() != null) {
            out.add("-- before the first attempt, so that the attach scans nothing under the lock:");
            out.addAll(addDefaultCheck(t, n));
            out.add(validateDefaultCheck(t, n));
        }
        out.add(lockTimeout(o.lockTimeout()));
        if (target.constraints().stream().anyMatch(k -> k.isForeignKey() && k.referencedOid() != null
                && k.referencedOid() != t.oid())) {
            out.add("-- first LOCK TABLE <the tables its foreign keys reference> IN SHARE ROW EXCLUSIVE MODE");
        }
        out.add(lock(t, n));
        out.add(statementTimeout(o.maxLockHold()));
        out.add("-- replay the rest of the log (statements above)");
        out.addAll(swap(t, target, n, Map.of()));
        out.add(COMMIT);
        return out;
    }
}
