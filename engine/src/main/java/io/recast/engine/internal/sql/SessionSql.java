package io.recast.engine.internal.sql;

import java.time.Duration;
import java.util.List;

/** The session settings every connection of ours starts with, and the short lock_timeout of one transaction. */
public final class SessionSql {
    private SessionSql() {
    }

    /** So that pg_stat_activity tells DBAs which of our connections does what. */
    static String applicationName(String role) {
        return "SET application_name = " + Sql.literal("recast: " + role);
    }

    /** Our own statements qualify every name and must see every row. */
    static final List<String> OURS = List.of(
            "SET search_path = pg_catalog, pg_temp",
            "SET row_security = off");

    /**
     * Whatever the role's or database's defaults are: no statement, lock, transaction or idle timeout
     * of theirs (a run's lock connection idles for hours; its steps set their own bounds locally). The
     * settings newer servers have are set where the server has them. And writes handed to the kernel as
     * they are made, unless a DBA set otherwise.
     */
    static final List<String> DEFAULTS = List.of(
            "SET standard_conforming_strings = on",
            "SET statement_timeout = 0",
            "SET lock_timeout = 0",
            "SET idle_in_transaction_session_timeout = 0",
            "SELECT pg_catalog.set_config('idle_session_timeout', '0', false) "
                    + "WHERE pg_catalog.current_setting('server_version_num')::int >= 140000",
            "SELECT pg_catalog.set_config('transaction_timeout', '0', false) "
                    + "WHERE pg_catalog.current_setting('server_version_num')::int >= 170000",
            // the kernel is handed what our sessions write (the copy's ring, an index build's hint bits) every
            // 256 kB, so that no backlog of dirty pages is left for it to write in one burst, stalling others;
            // where a DBA chose a value, theirs
            "SELECT pg_catalog.set_config('backend_flush_after', '256kB', false) "
                    + "WHERE pg_catalog.current_setting('backend_flush_after') = '0'");

    /** Before a pooled connection goes back. */
    static final String RESET = "RESET ALL";

    /** For the rest of the transaction only: its lock requests wait at most {@code d}. */
    public static String localLockTimeout(Duration d) {
        return "SET LOCAL lock_timeout = '" + d.toMillis() + "ms'";
    }
}
