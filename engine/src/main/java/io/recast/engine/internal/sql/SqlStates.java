package io.recast.engine.internal.sql;

import java.sql.SQLException;

/** SQLSTATE codes we act on; pgjdbc's PSQLState has no 55P03. */
public final class SqlStates {
    public static final String LOCK_NOT_AVAILABLE = "55P03";
    public static final String QUERY_CANCELED = "57014";
    public static final String DEADLOCK_DETECTED = "40P01";
    public static final String SERIALIZATION_FAILURE = "40001";
    /** What to_regclass() raises for a name it cannot parse: the user's typo, not a database failure. */
    public static final String INVALID_NAME = "42602";
    public static final String INVALID_SCHEMA_NAME = "3F000";
    public static final String SYNTAX_ERROR = "42601";
    public static final String FEATURE_NOT_SUPPORTED = "0A000";
    public static final String UNIQUE_VIOLATION = "23505";
    /** Also "no binary input function available for type", which a binary COPY meets. */
    public static final String UNDEFINED_FUNCTION = "42883";
    /** No space left on the device that holds a relation the statement extends. */
    public static final String DISK_FULL = "53100";
    public static final String DUPLICATE_OBJECT = "42710";
    /** A view or function the role may not read: the pre-flight check reports it instead of failing. */
    public static final String INSUFFICIENT_PRIVILEGE = "42501";

    private SqlStates() {
    }

    /**
     * The one place that decides retry-or-fail for a short DDL statement under lock_timeout: the
     * lock was not granted in time, or we lost a deadlock; both leave nothing behind once rolled
     * back.
     */
    public static boolean isLockRetryable(SQLException e) {
        String state = e.getSQLState();
        return LOCK_NOT_AVAILABLE.equals(state) || DEADLOCK_DETECTED.equals(state)
                || SERIALIZATION_FAILURE.equals(state);
    }

    /**
     * Whether {@code e} (or what it wraps) says a session was lost or the server cannot take one right
     * now, which reconnecting may cure: SQLSTATE class 08 (connection exceptions), 57P01 (terminated
     * by an administrator), 57P02 (crash of another backend), 57P03 (starting up, in recovery, shutting
     * down), 57P05 (idle session timeout), 25P03 (idle in transaction timeout), 53300 (too many
     * connections), and the JDBC pool's connection timeouts.
     */
    public static boolean isConnectionLost(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.sql.SQLTransientConnectionException || t instanceof java.sql.SQLRecoverableException) {
                return true;
            }
            if (t instanceof SQLException s && s.getSQLState() == null && "Connection is closed".equals(s.getMessage())) {
                return true; // a pool's proxy whose connection it evicted after such an error (HikariCP)
            }
            if (t instanceof SQLException s && s.getSQLState() != null) {
                String state = s.getSQLState();
                if (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")
                        || state.equals("57P05") || state.equals("25P03") || state.equals("53300")) {
                    return true;
                }
            }
        }
        return false;
    }

    public static boolean is(SQLException e, String state) {
        return state.equals(e.getSQLState());
    }
}
