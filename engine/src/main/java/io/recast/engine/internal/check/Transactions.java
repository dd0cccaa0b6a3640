package io.recast.engine.internal.check;

import io.recast.engine.api.CheckItem.Status;
import io.recast.engine.api.CheckItem;
import io.recast.engine.api.CheckOptions;
import io.recast.engine.internal.sql.Jdbc;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * The long-transactions and prepared-transactions items. An open transaction holds back vacuum
 * (dead rows pile up in the table, the shadow and the change log while the run lasts) and, when it
 * holds a lock on the table, the cut-over waits for it and gives up after its attempts. Only a
 * prepared transaction holding such a lock is a hard failure: it outlives every session, so the
 * cut-over could never get its lock.
 */
final class Transactions {
    private static final int LISTED = 5;

    private Transactions() {
    }

    /** @param oids the table, its partitions and parents: the relations the cut-over locks */
    static CheckItem longTransactions(Connection c, long[] oids, CheckOptions checks) throws SQLException {
        long threshold = checks.longTransaction().toMillis();
        List<String> found = Jdbc.query(c, PreflightSql.LONG_TRANSACTIONS, rs -> {
            String locks = rs.getString("table_locks");
            String app = rs.getString("app");
            return "pid " + rs.getInt("pid") + " (user " + rs.getString("usename")
                    + (app.isEmpty() ? "" : ", application \"" + app + "\"") + ") " + rs.getString("state")
                    + " in a transaction open for " + Format.seconds(rs.getLong("xact_seconds"))
                    + (locks == null ? "" : ", holding " + locks + " on the table")
                    + ", last query: " + rs.getString("query");
        }, oids, threshold);
        long hidden = Jdbc.queryLong(c, PreflightSql.HIDDEN_SESSIONS);
        String note = hidden == 0 ? "" : " (" + Format.count(hidden, "session", "sessions") + " of other roles could "
                + "not be checked: pg_stat_activity shows their state only to superusers and members of "
                + "pg_read_all_stats, or of their role)";
        String limit = "open longer than " + Format.duration(checks.longTransaction()) + " or idle in one";
        Map<String, Long> figures = Map.of("sessions", (long) found.size(), "hiddenSessions", hidden);
        if (found.isEmpty()) {
            return new CheckItem(CheckItem.LONG_TRANSACTIONS, Status.OK, "no session of this database has a "
                    + "transaction " + limit + note, figures);
        }
        return new CheckItem(CheckItem.LONG_TRANSACTIONS, Status.WARN, Format.count(found.size(), "session has",
                "sessions have") + " a transaction " + limit + ": " + Format.list(found, LISTED) + ". Such a transaction "
                + "holds back vacuum, so dead rows pile up in the table and the change log while the run lasts, "
                + "and one holding a lock on the table makes every cut-over attempt wait for it and fail: have "
                + "their applications commit or roll back (or end them with pg_terminate_backend(pid)) before the "
                + "cut-over" + note, figures);
    }

    static CheckItem prepared(Connection c, long[] oids) throws SQLException {
        List<String[]> all = Jdbc.query(c, PreflightSql.PREPARED, rs -> new String[] {rs.getString("gid"),
                rs.getString("owner"), Format.seconds(rs.getLong("seconds")), rs.getString("table_locks")}, oids);
        List<String> blocking = all.stream().filter(p -> p[3] != null).map(p -> "prepared transaction '" + p[0]
                + "' (owner " + p[1] + ", prepared " + p[2] + " ago) holds " + p[3] + " on the table").toList();
        List<String> others = all.stream().filter(p -> p[3] == null).map(p -> "'" + p[0] + "' (owner " + p[1]
                + ", prepared " + p[2] + " ago)").toList();
        Map<String, Long> figures = Map.of("prepared", (long) all.size(), "holdingLocks", (long) blocking.size());
        if (!blocking.isEmpty()) {
            String gid = all.stream().filter(p -> p[3] != null).findFirst().orElseThrow()[0];
            return new CheckItem(CheckItem.PREPARED_TRANSACTIONS, Status.FAIL, Format.list(blocking, LISTED)
                    + ": a prepared transaction keeps its locks until it is committed or rolled back, by any "
                    + "session, even across restarts, so the cut-over could never get its ACCESS EXCLUSIVE lock; "
                    + "finish it first, as its owner or a superuser: COMMIT PREPARED '" + gid + "' or ROLLBACK "
                    + "PREPARED '" + gid + "'" + (others.isEmpty() ? "" : "; other prepared transactions: "
                    + Format.list(others, LISTED)), figures);
        }
        if (!others.isEmpty()) {
            return new CheckItem(CheckItem.PREPARED_TRANSACTIONS, Status.WARN, Format.count(others.size(),
                    "prepared transaction is", "prepared transactions are") + " open in this database: "
                    + Format.list(others, LISTED) + "; none locks the table, but each holds back vacuum until it is "
                    + "committed or rolled back (COMMIT PREPARED or ROLLBACK PREPARED 'gid')", figures);
        }
        return new CheckItem(CheckItem.PREPARED_TRANSACTIONS, Status.OK, "no prepared transaction in this database",
                figures);
    }
}
