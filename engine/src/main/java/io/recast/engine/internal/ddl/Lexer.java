package io.recast.engine.internal.ddl;

import io.recast.engine.api.InvalidOptionsException;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits SQL text into tokens, skipping whitespace and comments ({@code --} to the end of the line,
 * nested {@code /* ... * /}), and keeping string literals ({@code '...'} with {@code ''}, {@code E'...'}
 * with backslash escapes, {@code $tag$ ... $tag$}) and quoted identifiers whole, so that a
 * semicolon, comma or parenthesis inside them is never taken for punctuation.
 */
final class Lexer {
    private static final String OPERATOR_CHARS = "+-*/<>=~!@#%^&|`?";

    private final String s;
    private final int n;
    private final int[] lineStarts;
    private int i;

    private Lexer(String s) {
        this.s = s;
        this.n = s.length();
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        for (int k = 0; k < n; k++) {
            if (s.charAt(k) == '\n') {
                starts.add(k + 1);
            }
        }
        lineStarts = starts.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * The tokens of {@code text}.
     *
     * @throws InvalidOptionsException for an unterminated string, quoted identifier or comment, naming its line
     */
    static List<Token> tokens(String text) {
        return new Lexer(text).scan();
    }

    private List<Token> scan() {
        List<Token> out = new ArrayList<>();
        while (i < n) {
            char c = s.charAt(i);
            int start = i;
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '-' && peek(1) == '-') {
                while (i < n && s.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '/' && peek(1) == '*') {
                blockComment();
            } else if (c == '\'') {
                quoted('\'', false, start);
                out.add(token(Token.Kind.STRING, start));
            } else if ((c == 'E' || c == 'e') && peek(1) == '\'') {
                i++;
                quoted('\'', true, start);
                out.add(token(Token.Kind.STRING, start));
            } else if (c == '"') {
                quoted('"', false, start);
                out.add(token(Token.Kind.QUOTED_IDENT, start));
            } else if (c == '$' && dollarQuote()) {
                out.add(token(Token.Kind.STRING, start));
            } else if (isIdentStart(c)) {
                while (i < n && isIdentPart(s.charAt(i))) {
                    i++;
                }
                out.add(token(Token.Kind.WORD, start));
            } else if (Character.isDigit(c) || (c == '.' && Character.isDigit(peek(1)))) {
                while (i < n && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '.' || s.charAt(i) == '_')) {
                    i++;
                }
                out.add(token(Token.Kind.NUMBER, start));
            } else if (OPERATOR_CHARS.indexOf(c) >= 0) {
                // an operator ends where a comment starts, as in PostgreSQL's scanner
                while (i < n && OPERATOR_CHARS.indexOf(s.charAt(i)) >= 0
                        && !(i > start && (s.startsWith("--", i) || s.startsWith("/*", i)))) {
                    i++;
                }
                out.add(token(Token.Kind.SYMBOL, start));
            } else if (c == ':' && peek(1) == ':') {
                i += 2;
                out.add(token(Token.Kind.SYMBOL, start));
            } else {
                i++;
                out.add(token(Token.Kind.SYMBOL, start));
            }
        }
        return out;
    }

    private Token token(Token.Kind kind, int start) {
        return new Token(kind, s.substring(start, i), start, i, line(start));
    }

    /** 1-based line of an offset. */
    int line(int offset) {
        int lo = 0;
        int hi = lineStarts.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (lineStarts[mid] <= offset) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo + 1;
    }

    private char peek(int ahead) {
        return i + ahead < n ? s.charAt(i + ahead) : '\0';
    }

    private void blockComment() {
        int start = i;
        int depth = 0;
        while (i < n) {
            if (s.startsWith("/*", i)) {
                depth++;
                i += 2;
            } else if (s.startsWith("*/", i)) {
                depth--;
                i += 2;
                if (depth == 0) {
                    return;
                }
            } else {
                i++;
            }
        }
        throw new InvalidOptionsException("unterminated /* comment starting on line " + line(start));
    }

    /** From the opening quote at i; {@code backslash}: E'...' where a backslash escapes the next character. */
    private void quoted(char quote, boolean backslash, int start) {
        i++;
        while (i < n) {
            char c = s.charAt(i);
            if (backslash && c == '\\') {
                i += 2;
            } else if (c == quote) {
                if (peek(1) == quote) {
                    i += 2;
                } else {
                    i++;
                    return;
                }
            } else {
                i++;
            }
        }
        throw new InvalidOptionsException("unterminated " + (quote == '"' ? "quoted identifier" : "string")
                + " starting on line " + line(start));
    }

    /** A dollar-quoted string from i, consumed whole; false (nothing consumed) when i is not one ($1 is a parameter). */
    private boolean dollarQuote() {
        int j = i + 1;
        if (j < n && isIdentStart(s.charAt(j)) && s.charAt(j) != '$') {
            while (j < n && isIdentPart(s.charAt(j)) && s.charAt(j) != '$') {
                j++;
            }
        }
        if (j >= n || s.charAt(j) != '$') {
            return false;
        }
        String tag = s.substring(i, j + 1);
        int close = s.indexOf(tag, j + 1);
        if (close < 0) {
            throw new InvalidOptionsException("unterminated dollar-quoted string " + tag + " starting on line " + line(i));
        }
        i = close + tag.length();
        return true;
    }

    private static boolean isIdentStart(char c) {
        return Character.isLetter(c) || c == '_' || c >= 0x80;
    }

    private static boolean isIdentPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c >= 0x80;
    }
}
