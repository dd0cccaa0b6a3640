package io.recast.engine.api;

import java.sql.SQLException;

/** Wraps an SQLException once, at the step boundary, keeping the SQLSTATE and the server's message. */
public class DatabaseException extends RewriteException {
    private final String sqlState;

    public DatabaseException(String context, SQLException cause) {
        super(ErrorKind.DATABASE, context + ": " + firstLine(cause.getMessage())
                + (cause.getSQLState() == null ? "" : " [SQLSTATE " + cause.getSQLState() + "]"), cause);
        this.sqlState = cause.getSQLState();
    }

    public String sqlState() {
        return sqlState;
    }

    public SQLException sqlException() {
        return (SQLException) getCause();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "(no message)";
        }
        return message.strip();
    }
}
