package io.recast.engine.internal.ddl;

import io.recast.engine.api.InvalidOptionsException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads the head of a statement, enough to plan it: which command, which table, and, for ALTER
 * TABLE, its sub-commands (split at commas outside parentheses). It is not a SQL parser: what it
 * does not recognise is planned as {@link ParsedStatement.Type#OTHER}, and the server parses the
 * statement when it runs.
 */
final class StatementParser {
    private static final Set<String> CONSTRAINT_WORDS = Set.of("constraint", "check", "foreign", "primary", "unique",
            "exclude");
    private static final Set<String> TRANSACTION_CONTROL = Set.of("begin", "start", "commit", "end", "rollback",
            "savepoint", "release", "prepare", "abort");

    private final String sql;
    private final List<Token> t;
    private int p;

    private StatementParser(String sql, List<Token> tokens) {
        this.sql = sql;
        this.t = tokens;
    }

    static ParsedStatement parse(String sql) {
        List<Token> tokens;
        try {
            tokens = Lexer.tokens(sql);
        } catch (InvalidOptionsException e) {
            return ParsedStatement.refused("cannot be read: " + e.getMessage());
        }
        if (tokens.isEmpty()) {
            return ParsedStatement.refused("empty statement");
        }
        return new StatementParser(sql, tokens).statement();
    }

    private ParsedStatement statement() {
        Token first = t.get(0);
        if (first.isSymbol("\\")) {
            return ParsedStatement.refused("a psql meta-command is not SQL; remove it from the file");
        }
        if (first.kind() == Token.Kind.WORD && TRANSACTION_CONTROL.contains(first.name())) {
            return ParsedStatement.refused("transaction control (" + first.text() + "): Recast runs each statement in "
                    + "transactions of its own, and CONCURRENTLY cannot run inside one; remove it from the file");
        }
        if (accept("alter") && accept("table")) {
            return alterTable();
        }
        p = 0;
        if (accept("create")) {
            accept("unique");
            if (accept("index")) {
                return createIndex();
            }
        }
        p = 0;
        if (accept("reindex")) {
            return reindex();
        }
        p = 0;
        if (accept("drop") && accept("index")) {
            return dropIndex();
        }
        p = 0;
        if (accept("comment") && accept("on")) {
            return comment();
        }
        p = 0;
        if (accept("vacuum")) {
            boolean full = accept("full") || (peek().isSymbol("(") && parenthesisedOptions().contains("full"));
            if (full) {
                return ParsedStatement.of(ParsedStatement.Type.FULL_REWRITE, restName());
            }
        }
        p = 0;
        if (accept("cluster")) {
            return ParsedStatement.of(ParsedStatement.Type.FULL_REWRITE, restName());
        }
        return ParsedStatement.of(ParsedStatement.Type.OTHER, null);
    }

    private ParsedStatement alterTable() {
        if (peek().is("all")) {
            return ParsedStatement.refused("ALTER TABLE ALL IN TABLESPACE moves many tables: write one statement per table");
        }
        if (accept("if")) {
            expect("exists");
        }
        accept("only");
        String name = name();
        if (name == null) {
            return ParsedStatement.refused("cannot find the table name after ALTER TABLE");
        }
        accept("*");
        List<SubCommand> subs = new ArrayList<>();
        int depth = 0;
        int start = p;
        for (int k = p; k <= t.size(); k++) {
            Token tok = k < t.size() ? t.get(k) : null;
            if (tok != null && (tok.isSymbol("(") || tok.isSymbol("["))) {
                depth++;
            } else if (tok != null && (tok.isSymbol(")") || tok.isSymbol("]"))) {
                depth--;
            } else if (tok == null || (depth == 0 && tok.isSymbol(","))) {
                if (k == start) {
                    return ParsedStatement.refused("an empty sub-command in ALTER TABLE");
                }
                subs.add(subCommand(t.subList(start, k)));
                start = k + 1;
            }
        }
        return new ParsedStatement(ParsedStatement.Type.ALTER_TABLE, name, subs, false, -1, null);
    }

    private SubCommand subCommand(List<Token> s) {
        String text = sql.substring(s.get(0).start(), s.get(s.size() - 1).end());
        Token a = s.get(0);
        Token b = s.size() > 1 ? s.get(1) : a;
        if (a.is("add")) {
            int i = 1;
            if (b.is("column") || !CONSTRAINT_WORDS.contains(b.name()) || b.kind() != Token.Kind.WORD) {
                return SubCommand.of(text, SubCommand.Kind.ADD_COLUMN);
            }
            String name = null;
            if (b.is("constraint") && s.size() > 2) {
                name = s.get(2).name();
                i = 3;
            }
            if (i >= s.size()) {
                return SubCommand.of(text, SubCommand.Kind.OTHER);
            }
            String body = sql.substring(s.get(i).start(), s.get(s.size() - 1).end());
            boolean notValid = false;
            boolean usingIndex = false;
            for (int k = i; k + 1 < s.size(); k++) {
                notValid |= s.get(k).is("not") && s.get(k + 1).is("valid");
                usingIndex |= s.get(k).is("using") && s.get(k + 1).is("index");
            }
            Token what = s.get(i);
            SubCommand.Kind kind = usingIndex ? SubCommand.Kind.ADD_CONSTRAINT_USING_INDEX
                    : what.is("check") ? SubCommand.Kind.ADD_CHECK
                    : what.is("foreign") ? SubCommand.Kind.ADD_FOREIGN_KEY
                    : what.is("primary") || what.is("unique") || what.is("exclude") ? SubCommand.Kind.ADD_INDEX_CONSTRAINT
                    : SubCommand.Kind.ADD_OTHER_CONSTRAINT;
            List<String> keyColumns = kind == SubCommand.Kind.ADD_FOREIGN_KEY ? firstParenthesisedNames(s, i) : List.of();
            return new SubCommand(text, kind, null, name, body, notValid, null, keyColumns);
        }
        if (a.is("alter")) {
            int i = b.is("column") ? 2 : 1;
            if (i >= s.size()) {
                return SubCommand.of(text, SubCommand.Kind.OTHER);
            }
            String column = s.get(i).text();
            List<Token> rest = s.subList(i + 1, s.size());
            SubCommand.Kind kind = SubCommand.Kind.ALTER_COLUMN_OTHER;
            if (starts(rest, "type") || starts(rest, "set", "data", "type")) {
                kind = SubCommand.Kind.ALTER_TYPE;
            } else if (starts(rest, "set", "not", "null")) {
                kind = SubCommand.Kind.SET_NOT_NULL;
            }
            return new SubCommand(text, kind, column, null, null, false, null, List.of());
        }
        if (a.is("set") && b.is("tablespace") && s.size() > 2) {
            return new SubCommand(text, SubCommand.Kind.SET_TABLESPACE, null, null, null, false, s.get(2).name(), List.of());
        }
        if (a.is("set") && b.is("logged")) {
            return SubCommand.of(text, SubCommand.Kind.SET_LOGGED);
        }
        if (a.is("set") && b.is("unlogged")) {
            return SubCommand.of(text, SubCommand.Kind.SET_UNLOGGED);
        }
        if (a.is("set") && b.is("access")) {
            return SubCommand.of(text, SubCommand.Kind.SET_ACCESS_METHOD);
        }
        if (a.is("set") && b.is("schema")) {
            return SubCommand.of(text, SubCommand.Kind.SET_SCHEMA);
        }
        if (a.is("rename")) {
            return SubCommand.of(text, SubCommand.Kind.RENAME);
        }
        if (a.is("validate") && b.is("constraint") && s.size() > 2) {
            return new SubCommand(text, SubCommand.Kind.VALIDATE_CONSTRAINT, null, s.get(2).name(), null, false, null,
                    List.of());
        }
        if (a.is("drop")) {
            return SubCommand.of(text, SubCommand.Kind.DROP);
        }
        if ((a.is("attach") || a.is("detach")) && b.is("partition")) {
            return SubCommand.of(text, SubCommand.Kind.ATTACH_DETACH_PARTITION);
        }
        return SubCommand.of(text, SubCommand.Kind.OTHER);
    }

    private ParsedStatement createIndex() {
        int insertAt = t.get(p - 1).end();
        boolean concurrently = accept("concurrently");
        while (p < t.size() && !t.get(p).is("on")) {
            p++;
        }
        if (!accept("on")) {
            return ParsedStatement.refused("cannot find ON table in CREATE INDEX");
        }
        if (accept("only")) {
            return ParsedStatement.refused("CREATE INDEX ON ONLY a partitioned table creates an invalid index by design "
                    + "and cannot run CONCURRENTLY: create the index on each partition CONCURRENTLY, then ON ONLY the "
                    + "parent and ALTER INDEX ... ATTACH PARTITION each (all metadata only)");
        }
        String name = name();
        return name == null ? ParsedStatement.refused("cannot find the table name in CREATE INDEX")
                : new ParsedStatement(ParsedStatement.Type.CREATE_INDEX, name, List.of(), concurrently,
                        concurrently ? -1 : insertAt, null);
    }

    private ParsedStatement reindex() {
        if (peek().isSymbol("(")) {
            parenthesisedOptions();
        }
        Token what = next();
        if (what == null || !(what.is("index") || what.is("table"))) {
            return ParsedStatement.refused("REINDEX of a whole schema, database or the system catalogs: name the "
                    + "indexes or tables (REINDEX INDEX, REINDEX TABLE), which Recast runs CONCURRENTLY one by one");
        }
        int insertAt = what.end();
        boolean concurrently = accept("concurrently");
        String name = name();
        if (name == null) {
            return ParsedStatement.refused("cannot find the name in REINDEX");
        }
        return new ParsedStatement(what.is("index") ? ParsedStatement.Type.REINDEX_INDEX
                : ParsedStatement.Type.REINDEX_TABLE, name, List.of(), concurrently, concurrently ? -1 : insertAt, null);
    }

    private ParsedStatement dropIndex() {
        int insertAt = t.get(p - 1).end();
        boolean concurrently = accept("concurrently");
        if (accept("if")) {
            expect("exists");
        }
        String name = name();
        if (name == null || p < t.size() && !t.get(p).is("restrict")) {
            // several indexes, or CASCADE: DROP INDEX CONCURRENTLY takes exactly one and no CASCADE
            return ParsedStatement.of(ParsedStatement.Type.OTHER, null);
        }
        return new ParsedStatement(ParsedStatement.Type.DROP_INDEX, name, List.of(), concurrently,
                concurrently ? -1 : insertAt, null);
    }

    private ParsedStatement comment() {
        boolean column = accept("column");
        if (!column && !accept("table")) {
            return ParsedStatement.of(ParsedStatement.Type.OTHER, null);
        }
        int start = p;
        String name = name();
        if (name == null) {
            return ParsedStatement.of(ParsedStatement.Type.OTHER, null);
        }
        if (!column) {
            return ParsedStatement.of(ParsedStatement.Type.COMMENT_ON_TABLE, name);
        }
        // table.column or schema.table.column: the table is all but the last part
        int lastDot = -1;
        for (int k = start; k < p; k++) {
            if (t.get(k).isSymbol(".")) {
                lastDot = k;
            }
        }
        return lastDot < 0 ? ParsedStatement.of(ParsedStatement.Type.OTHER, null)
                : ParsedStatement.of(ParsedStatement.Type.COMMENT_ON_COLUMN,
                        sql.substring(t.get(start).start(), t.get(lastDot - 1).end()));
    }

    /** A dotted name at p, as written; null when there is none. Moves past it. */
    private String name() {
        int start = p;
        if (p >= t.size() || !t.get(p).isIdentifier()) {
            return null;
        }
        p++;
        while (p + 1 < t.size() && t.get(p).isSymbol(".") && t.get(p + 1).isIdentifier()) {
            p += 2;
        }
        return sql.substring(t.get(start).start(), t.get(p - 1).end());
    }

    /** The name after the options of VACUUM or CLUSTER, or null (the whole database). */
    private String restName() {
        while (p < t.size() && t.get(p).kind() == Token.Kind.WORD
                && Set.of("full", "freeze", "verbose", "analyze", "analyse").contains(t.get(p).name())) {
            p++;
        }
        return name();
    }

    /** Skips "( option [value], ... )" at p and returns the option words, lower-cased. */
    private List<String> parenthesisedOptions() {
        List<String> words = new ArrayList<>();
        int depth = 0;
        do {
            Token tok = next();
            if (tok == null) {
                break;
            }
            depth += tok.isSymbol("(") ? 1 : tok.isSymbol(")") ? -1 : 0;
            if (tok.kind() == Token.Kind.WORD) {
                words.add(tok.name());
            }
        } while (depth > 0);
        return words;
    }

    private static List<String> firstParenthesisedNames(List<Token> s, int from) {
        List<String> out = new ArrayList<>();
        int k = from;
        while (k < s.size() && !s.get(k).isSymbol("(")) {
            k++;
        }
        for (k++; k < s.size() && !s.get(k).isSymbol(")"); k++) {
            if (s.get(k).isIdentifier()) {
                out.add(s.get(k).name());
            }
        }
        return out;
    }

    private static boolean starts(List<Token> s, String... words) {
        if (s.size() < words.length) {
            return false;
        }
        for (int i = 0; i < words.length; i++) {
            if (!s.get(i).is(words[i])) {
                return false;
            }
        }
        return true;
    }

    private Token peek() {
        return p < t.size() ? t.get(p) : new Token(Token.Kind.SYMBOL, "", sql.length(), sql.length(), 0);
    }

    private Token next() {
        return p < t.size() ? t.get(p++) : null;
    }

    private boolean accept(String word) {
        if (p < t.size() && (t.get(p).is(word) || t.get(p).isSymbol(word))) {
            p++;
            return true;
        }
        return false;
    }

    private void expect(String word) {
        accept(word);
    }
}
