package io.recast.engine.internal.run;

/** The few statements the orchestration runs itself: the rest belong to the steps' own SQL classes. */
final class RunSql {
    private RunSql() {
    }

    /** The server's clock, as epoch seconds. */
    static final String NOW = "SELECT extract(epoch FROM clock_timestamp())::float8";

    /** Whether the server takes writes: not a standby, nor a promoted one still in recovery. */
    static final String WRITABLE = "SELECT NOT pg_is_in_recovery()";

    static final String TOTAL_SIZE = "SELECT pg_total_relation_size(to_regclass(?))";
}
