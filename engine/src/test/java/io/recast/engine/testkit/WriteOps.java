package io.recast.engine.testkit;

import static io.recast.engine.internal.sql.Sql.ident;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The writes of one {@link Writers} thread: each picks its rows and values, then {@link Write#apply}
 * runs it on the table and mirrors what the table returned into the twin, in the caller's transaction.
 */
final class WriteOps {
    /** Above this size a value is stored out of line (TOAST_TUPLE_THRESHOLD is about 2 kB); random, so incompressible. */
    private static final int BIG = 6_000;

    private final TableShape shape;
    private final String twin;
    private final Random random;

    WriteOps(TableShape shape, String twin, Random random) {
        this.shape = shape;
        this.twin = twin;
        this.random = random;
    }

    /** What a committed write did to the set of keys. */
    record Effect(List<List<String>> removed, List<List<String>> added) {
        static final Effect NONE = new Effect(List.of(), List.of());
    }

    @FunctionalInterface
    interface Write {
        Effect apply(Connection c) throws SQLException;
    }

    /** The next write, or null when the table offers nothing to write now (no rows, no deleted keys). */
    Write next(Connection c, Function<Random, List<String>> anyKey, Function<Random, List<String>> anyDeleted)
            throws SQLException {
        List<String> key = anyKey.apply(random);
        int op = random.nextInt(20);
        if (key == null || op < 3) {
            List<String> gap = anyDeleted.apply(random);
            List<String> from = key == null ? null : read(c, key);
            return gap == null || from == null ? null : insert(gap, from);
        }
        if (op < 6) {
            List<String> to = KeyMaker.near(shape.key(), key, random);
            List<String> from = read(c, anyKey.apply(random));
            return to == null || from == null ? null : insert(to, from);
        }
        if (op < 9) {
            return delete(key);
        }
        if (op < 12 && shape.keyMovable()) {
            List<String> to = random.nextInt(3) == 0 ? anyDeleted.apply(random) : KeyMaker.near(shape.key(), key, random);
            return to == null ? null : move(key, to);
        }
        List<TableShape.Col> others = shape.others().stream().filter(x -> !x.identityAlways()).toList();
        if (others.isEmpty()) {
            return null;
        }
        TableShape.Col col = others.get(random.nextInt(others.size()));
        return update(key, col, value(c, col, anyKey.apply(random)));
    }

    /** The row with this key, every written column as text; null when it is gone. */
    private List<String> read(Connection c, List<String> key) throws SQLException {
        if (key == null) {
            return null;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT " + shape.rowText() + " FROM " + shape.table()
                + " WHERE " + shape.keyMatch())) {
            bind(ps, 1, key);
            try (ResultSet rs = ps.executeQuery()) {
                List<String> out = rs.next() ? Writers.row(rs, shape.columns().size()) : null;
                c.commit();
                return out;
            }
        }
    }

    /** NULL now and then (when allowed), a TOAST-sized value now and then (when the type takes one), else another row's. */
    private String value(Connection c, TableShape.Col col, List<String> otherKey) throws SQLException {
        int r = random.nextInt(10);
        if (r < 2 && col.nullable()) {
            return null;
        }
        if (r < 4 && col.big()) {
            return big(col.type());
        }
        List<String> other = read(c, otherKey);
        return other == null ? null : other.get(shape.columns().indexOf(col));
    }

    private String big(String type) {
        byte[] b = new byte[BIG / 2];
        random.nextBytes(b);
        String hex = HexFormat.of().formatHex(b);
        return switch (type) {
            case "bytea" -> "\\x" + hex;
            case "jsonb" -> "{\"big\": \"" + hex + "\"}";
            default -> hex;
        };
    }

    private Write insert(List<String> key, List<String> from) {
        List<String> values = new ArrayList<>(from);
        for (int i = 0; i < shape.key().size(); i++) {
            values.set(shape.columns().indexOf(shape.key().get(i)), key.get(i));
        }
        return c -> {
            List<String> row = one(c, shape.insert(shape.table()) + " RETURNING " + shape.rowText(), values);
            if (row == null) {
                return Effect.NONE; // a rule or trigger kept it out
            }
            exec(c, shape.insert(twin), row);
            return new Effect(List.of(), List.of(keyOf(row)));
        };
    }

    private Write delete(List<String> key) {
        return c -> {
            List<String> row = one(c, "DELETE FROM " + shape.table() + " WHERE " + shape.keyMatch() + " RETURNING "
                    + shape.rowText(), key);
            if (row == null) {
                return Effect.NONE;
            }
            exec(c, "DELETE FROM " + twin + " WHERE " + shape.keyMatch(), key);
            return new Effect(List.of(key), List.of());
        };
    }

    private Write move(List<String> key, List<String> to) {
        String columns = shape.key().stream().map(x -> ident(x.name())).collect(Collectors.joining(", "));
        String values = shape.key().stream().map(TableShape.Col::cast).collect(Collectors.joining(", "));
        String set = shape.key().size() == 1 ? columns + " = " + values : "(" + columns + ") = ROW(" + values + ")";
        List<String> params = new ArrayList<>(to);
        params.addAll(key);
        return replace(key, "UPDATE " + shape.table() + " SET " + set, params);
    }

    private Write update(List<String> key, TableShape.Col col, String value) {
        List<String> params = new ArrayList<>();
        params.add(value);
        params.addAll(key);
        return replace(key, "UPDATE " + shape.table() + " SET " + ident(col.name()) + " = " + col.cast(), params);
    }

    /** An UPDATE of the row with {@code key}; the twin's row is set to what the table returns. */
    private Write replace(List<String> key, String update, List<String> params) {
        return c -> {
            List<String> row = one(c, update + " WHERE " + shape.keyMatch() + " RETURNING " + shape.rowText(), params);
            if (row == null) {
                return Effect.NONE;
            }
            // an UPDATE, not DELETE and INSERT: a foreign key of the twin to itself would cascade the delete
            List<String> params2 = new ArrayList<>(settable(row));
            params2.addAll(key);
            exec(c, shape.update(twin) + " WHERE " + shape.keyMatch(), params2);
            List<String> now = keyOf(row);
            return now.equals(key) ? Effect.NONE : new Effect(List.of(key), List.of(now));
        };
    }

    /** The values of the row's columns an UPDATE may set, as {@link TableShape#update} lists them. */
    private List<String> settable(List<String> row) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < shape.columns().size(); i++) {
            if (!shape.columns().get(i).identityAlways()) {
                out.add(row.get(i));
            }
        }
        return out;
    }

    private List<String> keyOf(List<String> row) {
        return shape.key().stream().map(k -> row.get(shape.columns().indexOf(k))).toList();
    }

    private List<String> one(Connection c, String sql, List<String> params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, 1, params);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Writers.row(rs, shape.columns().size()) : null;
            }
        }
    }

    private static void exec(Connection c, String sql, List<String> params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, 1, params);
            ps.executeUpdate();
        }
    }

    private static void bind(PreparedStatement ps, int first, List<String> values) throws SQLException {
        for (int i = 0; i < values.size(); i++) {
            ps.setString(first + i, values.get(i));
        }
    }
}
