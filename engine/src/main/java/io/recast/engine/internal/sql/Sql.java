package io.recast.engine.internal.sql;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The only way names and DDL literals are rendered into SQL. The model stores raw, unquoted names;
 * values in DML are always bind parameters.
 */
public final class Sql {
    /** PostgreSQL's NAMEDATALEN - 1. */
    public static final int MAX_IDENTIFIER_BYTES = 63;

    private Sql() {
    }

    /** Always quotes, like pgjdbc's {@code Utils.escapeIdentifier}. */
    public static String ident(String raw) {
        if (raw == null || raw.isEmpty()) {
            throw new IllegalArgumentException("empty identifier");
        }
        if (raw.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("NUL in identifier: " + raw.replace('\0', '?'));
        }
        return '"' + raw.replace("\"", "\"\"") + '"';
    }

    public static String qualified(String schema, String name) {
        return ident(schema) + "." + ident(name);
    }

    public static String idents(List<String> raw) {
        return raw.stream().map(Sql::ident).collect(Collectors.joining(", "));
    }

    /**
     * A string literal for DDL that takes no bind parameters (COMMENT ON ... IS). Assumes
     * standard_conforming_strings = on, which every connection of ours sets.
     */
    /**
     * A statement or query as pg_get_viewdef() and its like print it, stripped and without its final
     * semicolon, to be embedded in another statement.
     */
    public static String withoutSemicolon(String definition) {
        String body = definition.strip();
        return body.endsWith(";") ? body.substring(0, body.length() - 1) : body;
    }

    public static String literal(String value) {
        if (value == null) {
            return "NULL";
        }
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("NUL in literal");
        }
        return "'" + value.replace("'", "''") + "'";
    }

    /** Whether a name fits PostgreSQL's identifier limit without being truncated. */
    public static boolean fits(String raw) {
        return raw.getBytes(StandardCharsets.UTF_8).length <= MAX_IDENTIFIER_BYTES;
    }
}
