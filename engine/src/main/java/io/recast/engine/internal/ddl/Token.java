package io.recast.engine.internal.ddl;

import java.util.Locale;

/**
 * One lexical token of a SQL script, as PostgreSQL's scanner would see it.
 *
 * @param start offset of its first character in the text that was scanned
 * @param end   offset just past its last character
 * @param line  1-based line of its first character
 */
record Token(Kind kind, String text, int start, int end, int line) {
    enum Kind {
        /** An unquoted identifier or keyword. */
        WORD,
        /** A double-quoted identifier. */
        QUOTED_IDENT,
        /** A string literal: '...', E'...', or a dollar-quoted string. */
        STRING,
        NUMBER,
        /** Punctuation ( ) [ ] , ; . : or an operator. */
        SYMBOL
    }

    /** Whether this is the unquoted word {@code keyword}, compared case-insensitively. */
    boolean is(String keyword) {
        return kind == Kind.WORD && text.equalsIgnoreCase(keyword);
    }

    boolean isSymbol(String symbol) {
        return kind == Kind.SYMBOL && text.equals(symbol);
    }

    boolean isIdentifier() {
        return kind == Kind.WORD || kind == Kind.QUOTED_IDENT;
    }

    /**
     * The name this identifier denotes, as PostgreSQL folds it: unquoted words lower-cased (ASCII
     * letters, as the server's {@code downcase_identifier} does for them), quoted ones unescaped.
     */
    String name() {
        if (kind == Kind.QUOTED_IDENT) {
            return text.substring(1, text.length() - 1).replace("\"\"", "\"");
        }
        return text.toLowerCase(Locale.ROOT);
    }
}
