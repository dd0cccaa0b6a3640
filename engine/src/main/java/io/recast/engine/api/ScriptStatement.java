package io.recast.engine.api;

/**
 * One statement of a SQL file.
 *
 * @param number 1-based position in the file
 * @param line   1-based line of its first character, for messages
 * @param sql    its text, without the terminating semicolon and without the comments before it
 */
public record ScriptStatement(int number, int line, String sql) {
    /** "statement 3 (line 12)", for messages. */
    public String label() {
        return "statement " + number + " (line " + line + ")";
    }
}
