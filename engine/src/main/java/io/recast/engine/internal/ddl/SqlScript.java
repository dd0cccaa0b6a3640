package io.recast.engine.internal.ddl;

import io.recast.engine.api.InvalidOptionsException;
import io.recast.engine.api.ScriptStatement;
import java.util.ArrayList;
import java.util.List;

/** Splits a SQL file into statements at semicolons outside quotes, dollar quotes and comments. */
final class SqlScript {
    private SqlScript() {
    }

    /**
     * The statements of {@code text}, in order, each with the line it starts on. Empty statements
     * (a lone semicolon, comments only) are left out. psql's backslash commands are not SQL and
     * are kept as text, for the planner to refuse.
     *
     * @throws InvalidOptionsException for an unterminated string, quoted identifier,
     *                                                  dollar quote or comment, naming its line
     */
    public static List<ScriptStatement> split(String text) {
        List<ScriptStatement> out = new ArrayList<>();
        Token first = null;
        Token last = null;
        for (Token t : Lexer.tokens(text)) {
            if (t.isSymbol(";")) {
                if (first != null) {
                    out.add(new ScriptStatement(out.size() + 1, first.line(), text.substring(first.start(), last.end())));
                }
                first = null;
                continue;
            }
            if (first == null) {
                first = t;
            }
            last = t;
        }
        if (first != null) {
            out.add(new ScriptStatement(out.size() + 1, first.line(), text.substring(first.start(), last.end())));
        }
        return out;
    }
}
