package io.recast.engine.internal.shadow;

import static io.recast.engine.internal.sql.Sql.ident;
import static io.recast.engine.internal.sql.Sql.literal;

import io.recast.engine.internal.catalog.ConstraintDef;
import io.recast.engine.internal.catalog.IndexDef;
import io.recast.engine.internal.catalog.Inheritance;
import io.recast.engine.internal.catalog.StatisticsDef;
import io.recast.engine.internal.catalog.TableDefinition;
import io.recast.engine.internal.runtime.ArtifactNames;
import io.recast.engine.internal.sql.Sql;
import java.util.ArrayList;
import java.util.List;

/**
 * SQL that completes the shadow once the rows are in ({@link #afterBackfill}): its indexes, and the
 * constraints, statistics objects and settings that are built with them or after them.
 */
public final class ShadowIndexSql {
    private ShadowIndexSql() {
    }

    /**
     * Indexes, index-backed constraints under temporary names, NOT VALID checks,
     * replica identity, cluster mark, and the comments on them. Runs after the backfill: building an
     * index once over all rows is cheaper than maintaining it during the copy.
     */
    public static List<String> afterBackfill(TableDefinition t, ArtifactNames n) {
        List<String> out = new ArrayList<>(keyIndex(t, n));
        out.addAll(otherIndexes(t, n));
        return out;
    }

    /**
     * The index that provides the key, with what belongs to it: the key is unique in the shadow
     * whatever the copy met (each key range is copied once), and the replay finds rows by it. It
     * leaves default_tablespace set; {@link #otherIndexes} resets it.
     */
    public static List<String> keyIndex(TableDefinition t, ArtifactNames n) {
        List<String> out = new ArrayList<>();
        List<IndexDef> indexes = t.indexes();
        for (int k = 0; k < indexes.size(); k++) {
            if (isKey(t, indexes.get(k))) {
                out.addAll(index(t, n, k));
            }
        }
        return out;
    }

    /**
     * Every index but the key's, and the rest of {@link #afterBackfill}: built once the shadow holds
     * the table's rows as of one moment. Before that, a row the copy read before a write moved its
     * unique value to another row may still be there beside that row, and a unique index would not build.
     */
    public static List<String> otherIndexes(TableDefinition t, ArtifactNames n) {
        return otherIndexes(t, n, false);
    }

    /**
     * The plain index builds among {@link #otherIndexes} (no constraint), each with its tablespace
     * setting: they can run at once on several sessions, as CREATE INDEX takes a lock that does not
     * conflict with itself. The rest then comes from {@link #otherIndexes(TableDefinition, ArtifactNames, boolean)}.
     */
    public static List<List<String>> builds(TableDefinition t, ArtifactNames n) {
        List<List<String>> out = new ArrayList<>();
        for (int k = 0; k < t.indexes().size(); k++) {
            if (parallel(t, t.indexes().get(k))) {
                out.add(build(t, n, k));
            }
        }
        return out;
    }

    /** As {@link #otherIndexes(TableDefinition, ArtifactNames)}, without the {@link #builds} when they are built. */
    public static List<String> otherIndexes(TableDefinition t, ArtifactNames n, boolean built) {
        List<String> out = new ArrayList<>();
        String shadow = n.qShadow();
        List<IndexDef> indexes = t.indexes();
        for (int k = 0; k < indexes.size(); k++) {
            if (!isKey(t, indexes.get(k))) {
                out.addAll(index(t, n, k, built && parallel(t, indexes.get(k))));
            }
        }
        if (!indexes.isEmpty()) {
            out.add("RESET default_tablespace");
        }
        for (Inheritance.Inherited k : ShadowSql.notValidInherited(t)) {
            // added to the stand-in, it reaches the new table inherited (not local), unchecked: rows the
            // copy brought may break it, as the table's may; every row written from now on is checked
            out.add(ShadowSql.addConstraint(n.qStandIn(), k.name(), k.definition()));
        }
        for (ConstraintDef k : t.constraints()) {
            if (k.type() == 'c' && !k.validated() && !t.inheritance().constraintInheritedOnly(k.name())) {
                out.add(ShadowSql.addConstraint(shadow, k.name(), k.definition()));
            }
        }
        for (ConstraintDef k : t.constraints()) {
            if (k.type() == 'c' && k.comment() != null) {
                out.add("COMMENT ON CONSTRAINT " + ident(k.name()) + " ON " + shadow + " IS " + literal(k.comment()));
            }
        }
        List<StatisticsDef> statistics = t.statistics();
        for (int k = 0; k < statistics.size(); k++) {
            StatisticsDef st = statistics.get(k);
            String tmp = Sql.qualified(ArtifactNames.SCHEMA, n.shadowStatistics(k + 1));
            out.add("CREATE STATISTICS " + tmp + " " + st.body() + " FROM " + shadow);
            if (st.statTarget() != null) {
                out.add("ALTER STATISTICS " + tmp + " SET STATISTICS " + st.statTarget());
            }
            if (!st.owner().equals(t.runner())) {
                out.add("ALTER STATISTICS " + tmp + " OWNER TO " + ident(st.owner()));
            }
            if (st.comment() != null) {
                out.add("COMMENT ON STATISTICS " + tmp + " IS " + literal(st.comment()));
            }
        }
        if (t.partitionOf() != null && t.partitionOf().constraint() != null) {
            // proves the partition constraint, so the attach in the swap scans nothing
            out.add(ShadowSql.addConstraint(shadow, n.partitionCheck(), "CHECK (" + t.partitionOf().constraint() + ")"));
        }
        switch (t.replicaIdentity()) {
            case 'n' -> out.add("ALTER TABLE " + shadow + " REPLICA IDENTITY NOTHING");
            case 'f' -> out.add("ALTER TABLE " + shadow + " REPLICA IDENTITY FULL");
            default -> {
            }
        }
        return out;
    }

    private static boolean isKey(TableDefinition t, IndexDef ix) {
        return ix.name().equals(t.key().indexName());
    }

    /** Whether the index is one of the {@link #builds}: not the key's, and no exclusion constraint. */
    private static boolean parallel(TableDefinition t, IndexDef ix) {
        return !isKey(t, ix) && !"x".equals(ix.constraintType());
    }

    /** The {@code k}-th index's build: its tablespace, then CREATE INDEX (an exclusion constraint: ADD CONSTRAINT). */
    private static List<String> build(TableDefinition t, ArtifactNames n, int k) {
        IndexDef ix = t.indexes().get(k);
        String tmp = n.shadowIndex(k + 1);
        return List.of("SET default_tablespace = " + literal(ix.tablespace() == null ? "" : ix.tablespace()),
                "x".equals(ix.constraintType()) ? ShadowSql.addConstraint(n.qShadow(), tmp, ix.constraintDef())
                        : "CREATE " + (ix.unique() ? "UNIQUE " : "") + "INDEX " + ident(tmp) + " ON " + n.qShadow()
                        + " USING " + ix.tail());
    }

    private static List<String> index(TableDefinition t, ArtifactNames n, int k) {
        return index(t, n, k, false);
    }

    /**
     * The {@code k}-th index of the table on the shadow, under its temporary name, with what belongs to
     * it: constraint, statistics targets of its columns, comments, replica identity, cluster mark; all
     * but the build when it is {@code built} already.
     */
    private static List<String> index(TableDefinition t, ArtifactNames n, int k, boolean built) {
        List<String> out = new ArrayList<>();
        String shadow = n.qShadow();
        IndexDef ix = t.indexes().get(k);
        String tmp = n.shadowIndex(k + 1);
        String qTmp = Sql.qualified(ArtifactNames.SCHEMA, tmp);
        if (!built) {
            out.addAll(build(t, n, k));
        }
        for (IndexDef.StatTarget st : ix.statTargets()) {
            // a column number, as pg_dump writes it; set before the swap, so nothing more runs under its lock
            out.add("ALTER INDEX " + qTmp + " ALTER COLUMN " + st.column() + " SET STATISTICS " + st.target());
        }
        if ("p".equals(ix.constraintType()) || "u".equals(ix.constraintType())) {
            // USING INDEX keeps the index's storage parameters, which pg_get_constraintdef() omits
            out.add("ALTER TABLE " + shadow + " ADD CONSTRAINT " + ident(tmp)
                    + ("p".equals(ix.constraintType()) ? " PRIMARY KEY" : " UNIQUE") + " USING INDEX " + ident(tmp)
                    + (ix.deferrable() ? " DEFERRABLE" : "") + (ix.deferred() ? " INITIALLY DEFERRED" : ""));
        }
        if (ix.backsConstraint() && ix.constraintComment() != null) {
            out.add("COMMENT ON CONSTRAINT " + ident(tmp) + " ON " + shadow + " IS " + literal(ix.constraintComment()));
        }
        if (ix.comment() != null) {
            out.add("COMMENT ON INDEX " + qTmp + " IS " + literal(ix.comment()));
        }
        if (ix.replicaIdentity()) {
            out.add("ALTER TABLE " + shadow + " REPLICA IDENTITY USING INDEX " + ident(tmp));
        }
        if (ix.clustered()) {
            out.add("ALTER TABLE " + shadow + " CLUSTER ON " + ident(tmp));
        }
        return out;
    }

    /**
     * Removes what an interrupted {@link #afterBackfill} may have made, so a resumed job can run it
     * again: every statement is IF EXISTS.
     */
    public static List<String> undoAfterBackfill(TableDefinition t, ArtifactNames n) {
        List<String> out = new ArrayList<>();
        String shadow = n.qShadow();
        for (int k = 0; k < t.indexes().size(); k++) {
            String tmp = n.shadowIndex(k + 1);
            if (t.indexes().get(k).backsConstraint()) {
                out.add("ALTER TABLE " + shadow + " DROP CONSTRAINT IF EXISTS " + ident(tmp));
            }
            out.add("DROP INDEX IF EXISTS " + Sql.qualified(ArtifactNames.SCHEMA, tmp));
        }
        for (ConstraintDef k : t.constraints()) {
            if (k.type() == 'c' && !k.validated() && !t.inheritance().constraintInheritedOnly(k.name())) {
                out.add("ALTER TABLE " + shadow + " DROP CONSTRAINT IF EXISTS " + ident(k.name()));
            }
        }
        for (Inheritance.Inherited k : ShadowSql.notValidInherited(t)) {
            out.add("ALTER TABLE " + n.qStandIn() + " DROP CONSTRAINT IF EXISTS " + ident(k.name()));
        }
        for (int k = 0; k < t.statistics().size(); k++) {
            out.add("DROP STATISTICS IF EXISTS " + Sql.qualified(ArtifactNames.SCHEMA,
                    n.shadowStatistics(k + 1)));
        }
        out.add("ALTER TABLE " + shadow + " DROP CONSTRAINT IF EXISTS " + ident(n.partitionCheck()));
        return out;
    }
}
