package io.recast.engine.internal.shadow;

import static io.recast.engine.internal.sql.Sql.ident;
import static io.recast.engine.internal.sql.Sql.literal;

import io.recast.engine.internal.catalog.Column;
import io.recast.engine.internal.catalog.ConstraintDef;
import io.recast.engine.internal.catalog.Grant;
import io.recast.engine.internal.catalog.Inheritance;
import io.recast.engine.internal.catalog.OwnedSequence;
import io.recast.engine.internal.catalog.PolicyDef;
import io.recast.engine.internal.catalog.SecurityLabel;
import io.recast.engine.internal.catalog.TableDefinition;
import io.recast.engine.internal.catalog.TriggerDef;
import io.recast.engine.internal.runtime.ArtifactNames;
import io.recast.engine.internal.sql.Sql;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * SQL that builds the shadow table: its columns and everything that may exist during the copy
 * ({@link #create}); {@link ShadowIndexSql} builds its indexes and the rest once the rows are in.
 */
public final class ShadowSql {
    private ShadowSql() {
    }

    /**
     * Statements run before the backfill, in one transaction: the table, column settings and options, valid
     * CHECK constraints, owner, grants, comments, policies, and the user's triggers created
     * disabled (they are enabled in the swap with their original state).
     */
    public static List<String> create(TableDefinition t, ArtifactNames n) {
        List<String> out = new ArrayList<>(standIn(t, n));
        out.add(createTable(t, n));
        String shadow = n.qShadow();
        Inheritance inh = t.inheritance();
        for (Column c : t.columns()) {
            String col = "ALTER TABLE " + shadow + " ALTER COLUMN " + ident(c.name());
            if (inh.inheritedOnly(c.name()) && c.defaultExpr() != null && c.generated() == null) {
                out.add(col + " SET DEFAULT " + c.defaultExpr());
            }
            if (c.storage() != null) {
                out.add(col + " SET STORAGE " + storage(c.storage()));
            }
            if (c.compression() != null) {
                out.add(col + " SET COMPRESSION " + c.compression());
            }
            if (c.statTarget() != null) {
                out.add(col + " SET STATISTICS " + c.statTarget());
            }
            if (!c.options().isEmpty()) {
                // as the catalog prints them, like the storage parameters (pg_dump does the same)
                out.add(col + " SET (" + String.join(", ", c.options()) + ")");
            }
        }
        for (SecurityLabel l : t.securityLabels()) {
            out.add("SECURITY LABEL FOR " + ident(l.provider()) + " ON " + (l.column() == null ? "TABLE " + shadow
                    : "COLUMN " + shadow + "." + ident(l.column())) + " IS " + literal(l.label()));
        }
        for (ConstraintDef k : t.constraints()) {
            if (k.type() == 'c' && k.validated() && !inh.constraintInheritedOnly(k.name())) {
                // one also inherited merges with the stand-in's, which makes it local as well
                out.add(addConstraint(shadow, k.name(), k.definition()));
            }
        }
        if (!t.owner().equals(t.runner())) {
            out.add("ALTER TABLE " + shadow + " OWNER TO " + ident(t.owner()));
        }
        out.addAll(grants(t, shadow));
        out.addAll(comments(t, shadow));
        for (PolicyDef p : t.policies()) {
            out.add(policy(p, shadow));
            if (p.comment() != null) {
                out.add("COMMENT ON POLICY " + ident(p.name()) + " ON " + shadow + " IS " + literal(p.comment()));
            }
        }
        for (TriggerDef tr : t.triggers()) {
            if (tr.inherited()) {
                continue; // a partition's clone of its parent's trigger: the attach in the swap clones it again
            }
            out.add(tr.head() + " ON " + shadow + " " + tr.tail());
            out.add("ALTER TABLE " + shadow + " DISABLE TRIGGER " + ident(tr.name()));
            if (tr.comment() != null) {
                out.add("COMMENT ON TRIGGER " + ident(tr.name()) + " ON " + shadow + " IS " + literal(tr.comment()));
            }
        }
        return out;
    }

    /**
     * The stand-in parent the new table is created under while the table has inheritance parents: all
     * the table's columns, in its order (the new table's columns take their places from it), with
     * their generation expressions and NOT NULL, and the inherited CHECK constraints; none when the
     * table has no parents. See {@link Inheritance}.
     */
    static List<String> standIn(TableDefinition t, ArtifactNames n) {
        Inheritance inh = t.inheritance();
        if (inh.parents().isEmpty()) {
            return List.of();
        }
        List<String> cols = new ArrayList<>();
        for (Column c : t.columns()) {
            StringBuilder b = new StringBuilder(ident(c.name())).append(' ').append(c.type());
            if (c.collation() != null) {
                b.append(" COLLATE ").append(c.collation());
            }
            if (c.generated() != null) {
                b.append(" GENERATED ALWAYS AS (").append(c.defaultExpr()).append(") ").append(c.generated());
            }
            if (c.notNull()) {
                b.append(c.notNullName() == null ? "" : " CONSTRAINT " + ident(c.notNullName())).append(" NOT NULL");
            }
            cols.add(b.toString());
        }
        List<String> out = new ArrayList<>();
        out.add("CREATE TABLE " + n.qStandIn() + " (" + String.join(", ", cols) + ")");
        for (Inheritance.Inherited k : inh.constraints()) {
            if (k.type() == 'c' && !notValid(k)) {
                out.add(addConstraint(n.qStandIn(), k.name(), k.definition()));
            }
        }
        return out;
    }

    /**
     * The inherited CHECK constraints that are NOT VALID on the table: the new table would inherit
     * them checked if they were on the stand-in when it is created, so they are added to the stand-in
     * after the copy (ShadowIndexSql), when ALTER TABLE ADD ... NOT VALID passes them on unchecked.
     */
    public static List<Inheritance.Inherited> notValidInherited(TableDefinition t) {
        if (t.inheritance().parents().isEmpty()) {
            return List.of();
        }
        return t.inheritance().constraints().stream().filter(k -> k.type() == 'c' && notValid(k)).toList();
    }

    private static boolean notValid(Inheritance.Inherited k) {
        return k.definition() != null && k.definition().endsWith(" NOT VALID");
    }

    static String createTable(TableDefinition t, ArtifactNames n) {
        List<String> cols = new ArrayList<>();
        int seq = 0;
        Inheritance inh = t.inheritance();
        boolean standIn = !inh.parents().isEmpty();
        for (Column c : t.columns()) {
            if (standIn && inh.inheritedOnly(c.name())) {
                continue; // from the stand-in, so not local
            }
            StringBuilder b = new StringBuilder(ident(c.name()));
            if (t.ofType() != null) {
                b.append(" WITH OPTIONS"); // a typed table's columns, types and collations come from its type
            } else {
                b.append(' ').append(c.type());
                if (c.collation() != null) {
                    b.append(" COLLATE ").append(c.collation());
                }
            }
            if (c.generated() != null) {
                if (!standIn) { // else the stand-in's expression (the table's own) is copied: before 16 none may be given
                    b.append(" GENERATED ALWAYS AS (").append(c.defaultExpr()).append(") ").append(c.generated());
                }
            } else if (c.identity() != null) {
                OwnedSequence s = identitySequence(t, c.name());
                b.append(" GENERATED ").append(c.identity()).append(" AS IDENTITY (SEQUENCE NAME ")
                        .append(Sql.qualified(ArtifactNames.SCHEMA, n.shadowSequence(++seq)))
                        .append(' ').append(s.options()).append(')');
            } else if (c.defaultExpr() != null) {
                b.append(" DEFAULT ").append(c.defaultExpr());
            }
            if (c.notNull() && !(c.notNullName() != null && inh.constraintInheritedOnly(c.notNullName()))) {
                // 18+ names NOT NULL constraints; the name must survive the swap like any other
                b.append(c.notNullName() == null ? "" : " CONSTRAINT " + ident(c.notNullName())).append(" NOT NULL");
            }
            cols.add(b.toString());
        }
        StringBuilder sql = new StringBuilder("CREATE ");
        if (t.persistence() == 'u' || t.unloggedArtifacts()) {
            sql.append("UNLOGGED ");
        }
        sql.append("TABLE ").append(n.qShadow()).append(t.ofType() == null ? "" : " OF " + t.ofType())
                .append(" (").append(String.join(", ", cols)).append(')');
        if (standIn) {
            sql.append(" INHERITS (").append(n.qStandIn()).append(')');
        }
        if (t.accessMethod() != null) {
            // always, heap too: without USING the shadow would get default_table_access_method, which a
            // database or role may set to another (pg_dump sets it before each table for the same reason)
            sql.append(" USING ").append(ident(t.accessMethod()));
        }
        sql.append(" WITH (").append(String.join(", ", copyReloptions(t))).append(')');
        if (t.tablespace() != null) {
            sql.append(" TABLESPACE ").append(ident(t.tablespace()));
        }
        return sql.toString();
    }

    /**
     * The shadow's storage parameters while it is filled: the table's, but autovacuum off for it
     * and its TOAST table (the table's own autovacuum settings wait for the swap). A regular
     * autovacuum of the freshly filled shadow would hold a lock the swap needs, and it yields to a
     * lock request only after deadlock_timeout, longer than the cut-over's lock timeout: every
     * attempt would time out behind it.
     */
    public static List<String> copyReloptions(TableDefinition t) {
        List<String> out = new ArrayList<>();
        t.reloptions().stream().filter(o -> !o.startsWith("autovacuum_")).forEach(out::add);
        out.add("autovacuum_enabled = false");
        t.toastReloptions().stream().filter(o -> !o.startsWith("autovacuum_")).forEach(o -> out.add("toast." + o));
        out.add("toast.autovacuum_enabled = false");
        return out;
    }

    /**
     * In the swap, the new table gets the table's storage parameters back, in their order: every
     * parameter of the copy reset, then the table's set (nothing when it has none).
     */
    public static List<String> restoreReloptions(TableDefinition t, String qualified) {
        List<String> names = copyReloptions(t).stream().map(o -> o.split("=", 2)[0].strip()).toList();
        List<String> out = new ArrayList<>();
        out.add("ALTER TABLE " + qualified + " RESET (" + String.join(", ", names) + ")");
        List<String> original = new ArrayList<>(t.reloptions());
        t.toastReloptions().forEach(o -> original.add("toast." + o));
        if (!original.isEmpty()) {
            out.add("ALTER TABLE " + qualified + " SET (" + String.join(", ", original) + ")");
        }
        return out;
    }

    /** The identity sequences in column order, as the shadow numbers them (1, 2, ...). */
    public static List<OwnedSequence> identitySequences(TableDefinition t) {
        List<OwnedSequence> out = new ArrayList<>();
        for (Column c : t.columns()) {
            if (c.identity() != null) {
                out.add(identitySequence(t, c.name()));
            }
        }
        return out;
    }

    private static OwnedSequence identitySequence(TableDefinition t, String column) {
        return t.sequences().stream().filter(s -> s.identity() && s.column().equals(column)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no identity sequence for column " + column));
    }

    static String addConstraint(String table, String name, String definition) {
        return "ALTER TABLE " + table + " ADD CONSTRAINT " + ident(name) + " " + definition;
    }

    public static String analyze(ArtifactNames n) {
        return "ANALYZE " + n.qShadow();
    }

    public static String drop(ArtifactNames n) {
        return "DROP TABLE IF EXISTS " + n.qShadow() + ", " + n.qStandIn();
    }

    static List<String> grants(TableDefinition t, String table) {
        return grants(t.owner(), t.defaultAcl(), t.grants(), table);
    }

    /** The statements that give {@code table} (a table or a materialized view) this ACL. */
    public static List<String> grants(String owner, boolean defaultAcl, List<Grant> grants, String table) {
        List<String> out = new ArrayList<>();
        if (!defaultAcl) {
            // An explicit ACL lists the owner's own privileges too: start from none, then grant each.
            out.add("REVOKE ALL ON " + table + " FROM " + ident(owner));
        }
        for (Grant g : grants) {
            String to = g.grantee() == null ? "PUBLIC" : ident(g.grantee());
            String what = g.column() == null ? g.privilege() : g.privilege() + " (" + ident(g.column()) + ")";
            out.add("GRANT " + what + " ON " + table + " TO " + to + (g.grantable() ? " WITH GRANT OPTION" : ""));
        }
        return out;
    }

    static List<String> comments(TableDefinition t, String table) {
        List<String> out = new ArrayList<>();
        if (t.comment() != null) {
            out.add("COMMENT ON TABLE " + table + " IS " + literal(t.comment()));
        }
        for (Column c : t.columns()) {
            if (c.comment() != null) {
                out.add("COMMENT ON COLUMN " + table + "." + ident(c.name()) + " IS " + literal(c.comment()));
            }
        }
        return out;
    }

    static String policy(PolicyDef p, String table) {
        StringBuilder b = new StringBuilder("CREATE POLICY ").append(ident(p.name())).append(" ON ").append(table)
                .append(p.permissive() ? " AS PERMISSIVE" : " AS RESTRICTIVE").append(" FOR ").append(p.command())
                .append(" TO ");
        b.append(p.roles().isEmpty() ? "PUBLIC" : p.roles().stream().map(r -> ident(r)).collect(Collectors.joining(", ")));
        if (p.using() != null) {
            b.append(" USING (").append(p.using()).append(')');
        }
        if (p.withCheck() != null) {
            b.append(" WITH CHECK (").append(p.withCheck()).append(')');
        }
        return b.toString();
    }

    private static String storage(String code) {
        return switch (code) {
            case "p" -> "PLAIN";
            case "e" -> "EXTERNAL";
            case "m" -> "MAIN";
            default -> "EXTENDED";
        };
    }

    /**
     * INSERT INTO shadow (copied columns) SELECT copied columns; identity values are kept. With
     * {@code recast alter} a column may go by another name or through an expression, and INSERT
     * converts each value to the new column's type as ALTER TABLE would (an assignment cast).
     */
    public static String insertInto(TableDefinition t, ArtifactNames n) {
        return insertInto(t, n.qShadow());
    }

    /** As {@link #insertInto(TableDefinition, ArtifactNames)}, into {@code shadow} (quoted, qualified). */
    public static String insertInto(TableDefinition t, String shadow) {
        return "INSERT INTO " + shadow + " (" + copiedTargets(t) + ")"
                + (t.hasIdentity() ? " OVERRIDING SYSTEM VALUE" : "") + " SELECT " + copiedSources(t);
    }

    /** The new table's names of the copied columns, quoted, in order: what the copy writes into. */
    public static String copiedTargets(TableDefinition t) {
        return Sql.idents(t.copiedColumns().stream().map(Column::target).toList());
    }

    /** What the copy selects for each copied column, over the table's columns, in the same order. */
    public static String copiedSources(TableDefinition t) {
        return t.copiedColumns().stream().map(Column::source).collect(Collectors.joining(", "));
    }
}
