package io.recast.engine.testkit;

import static io.recast.engine.internal.sql.Sql.ident;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A table as the writers see it, read from the catalog: its key (the primary key, else the first
 * unique index on NOT NULL columns without expression or predicate) and the columns a write may set
 * (every column but generated ones), each with its type as {@code format_type} prints it.
 *
 * @param table   the table, qualified and quoted
 * @param key     the key columns, in index order
 * @param columns the columns writes set, in attribute order (the key columns among them)
 */
public record TableShape(String table, List<Col> key, List<Col> columns) {

    /**
     * @param identityAlways GENERATED ALWAYS AS IDENTITY: an INSERT setting it needs OVERRIDING
     *                       SYSTEM VALUE, and no UPDATE may set it
     * @param big            a type that takes an arbitrary long value (text, unbounded varchar,
     *                       bytea, jsonb): writes sometimes put one large enough to be TOASTed
     */
    public record Col(String name, String type, boolean nullable, boolean identityAlways, boolean big) {
        Col withoutBig() {
            return new Col(name, type, nullable, identityAlways, false);
        }

        public String cast() {
            return "CAST(? AS " + type + ")";
        }
    }

    public static TableShape of(Connection c, String table) throws SQLException {
        return of(c, table, null);
    }

    /**
     * The table's shape, its written columns narrowed to those {@code twin} has too (by name), when
     * twin is not null: a twin may mirror only some columns (the ones a test compares).
     */
    public static TableShape of(Connection c, String table, String twin) throws SQLException {
        List<Col> columns = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT a.attname, format_type(a.atttypid, a.atttypmod), NOT a.attnotnull, a.attidentity = 'a',
                       a.atttypid IN ('text'::regtype, 'bytea'::regtype, 'jsonb'::regtype)
                           OR (a.atttypid = 'varchar'::regtype AND a.atttypmod < 0)
                FROM pg_attribute a
                WHERE a.attrelid = ?::regclass AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
                  AND (?::regclass IS NULL OR EXISTS (SELECT 1 FROM pg_attribute t WHERE t.attrelid = ?::regclass
                                                      AND t.attname = a.attname AND NOT t.attisdropped))
                ORDER BY a.attnum
                """)) {
            ps.setString(1, table);
            ps.setString(2, twin);
            ps.setString(3, twin);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.add(new Col(rs.getString(1), rs.getString(2), rs.getBoolean(3), rs.getBoolean(4),
                            rs.getBoolean(5)));
                }
            }
        }
        List<String> keyNames = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT a.attname
                FROM (SELECT i.indkey, i.indisprimary, i.indexrelid
                      FROM pg_index i
                      WHERE i.indrelid = ?::regclass AND i.indisunique AND i.indisvalid AND i.indpred IS NULL
                        AND i.indexprs IS NULL
                        AND NOT EXISTS (SELECT 1 FROM pg_attribute n WHERE n.attrelid = i.indrelid
                                        AND n.attnum = ANY (i.indkey) AND NOT n.attnotnull)
                      ORDER BY i.indisprimary DESC, i.indexrelid
                      LIMIT 1) i
                CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, pos)
                JOIN pg_attribute a ON a.attrelid = ?::regclass AND a.attnum = k.attnum
                ORDER BY k.pos
                """)) {
            ps.setString(1, table);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    keyNames.add(rs.getString(1));
                }
            }
        }
        if (keyNames.isEmpty()) {
            throw new IllegalArgumentException(table + " has no key the writers can address rows by");
        }
        List<Col> key = keyNames.stream().map(n -> columns.stream().filter(x -> x.name().equals(n)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("key column " + n + " of " + table + " is generated")))
                .toList();
        return new TableShape(table, key, List.copyOf(columns));
    }

    /** The same shape, with no column taking TOAST-sized values. */
    public TableShape withoutBigValues() {
        return new TableShape(table, key.stream().map(Col::withoutBig).toList(),
                columns.stream().map(Col::withoutBig).toList());
    }

    /** The columns that are not part of the key. */
    public List<Col> others() {
        return columns.stream().filter(x -> !key.contains(x)).toList();
    }

    /** Whether a write may change the key (not when a key column is GENERATED ALWAYS AS IDENTITY). */
    public boolean keyMovable() {
        return key.stream().noneMatch(Col::identityAlways);
    }

    /** Whether INSERT needs OVERRIDING SYSTEM VALUE. */
    public boolean overriding() {
        return columns.stream().anyMatch(Col::identityAlways);
    }

    /** {@code ("a", "b") = (CAST(? AS int), CAST(? AS text))}: one key, bound as text. */
    public String keyMatch() {
        return "(" + key.stream().map(x -> ident(x.name())).collect(Collectors.joining(", ")) + ") = ("
                + key.stream().map(Col::cast).collect(Collectors.joining(", ")) + ")";
    }

    /** The key columns as text, for SELECT and RETURNING. */
    public String keyText() {
        return key.stream().map(x -> ident(x.name()) + "::text").collect(Collectors.joining(", "));
    }

    /** Every written column as text, for SELECT and RETURNING. */
    public String rowText() {
        return columns.stream().map(x -> ident(x.name()) + "::text").collect(Collectors.joining(", "));
    }

    /** INSERT of one row of every written column, its values bound as text, into {@code into}. */
    public String insert(String into) {
        return "INSERT INTO " + into + " (" + columns.stream().map(x -> ident(x.name())).collect(Collectors.joining(", "))
                + ")" + (overriding() ? " OVERRIDING SYSTEM VALUE" : "") + " VALUES ("
                + columns.stream().map(Col::cast).collect(Collectors.joining(", ")) + ")";
    }

    /** UPDATE of every written column but GENERATED ALWAYS identity ones, values bound as text; a WHERE follows. */
    public String update(String table) {
        List<Col> set = columns.stream().filter(x -> !x.identityAlways()).toList();
        String names = set.stream().map(x -> ident(x.name())).collect(Collectors.joining(", "));
        String values = set.stream().map(Col::cast).collect(Collectors.joining(", "));
        return "UPDATE " + table + " SET " + (set.size() == 1 ? names + " = " + values : "(" + names + ") = ROW(" + values + ")");
    }
}
