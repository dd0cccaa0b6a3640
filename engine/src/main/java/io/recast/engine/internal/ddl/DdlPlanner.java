package io.recast.engine.internal.ddl;

import io.recast.engine.api.LockHold;
import io.recast.engine.api.LockLevel;
import io.recast.engine.api.PlannedStatement;
import io.recast.engine.api.ScriptStatement;
import io.recast.engine.api.Strategy;
import io.recast.engine.internal.sql.Jdbc;
import io.recast.engine.internal.sql.Sessions;
import io.recast.engine.internal.sql.Sql;
import io.recast.engine.internal.sql.SqlStates;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Plans one statement against the database as it is now: which table it touches, the lock
 * PostgreSQL takes for it as written and for how long, and the steps Recast runs instead. Reads
 * the catalog and, for ALTER TABLE, runs the sub-commands on an empty temporary copy of the table
 * ({@link Probe}); never locks the table beyond ACCESS SHARE and changes nothing.
 */
final class DdlPlanner {
    private static final String NOT_ANALYSED = "not analysed";
    private final Connection c;

    /** @param c a session with the user's search_path ({@link Sessions#openForUserStatements}), in autocommit mode */
    DdlPlanner(Connection c) {
        this.c = c;
    }

    record Rel(long oid, String schema, String name, String relkind, String persistence) {
        String qualified() {
            return Sql.qualified(schema, name);
        }
    }

    PlannedStatement plan(ScriptStatement s) throws SQLException {
        ParsedStatement ps = StatementParser.parse(s.sql());
        return switch (ps.type()) {
            case REFUSED -> refused(s, null, ps.refusal());
            case OTHER -> new PlannedStatement(s, null, null, null, NOT_ANALYSED, Strategy.DIRECT,
                    "not a change of an existing table that Recast analyses: run as written under lock_timeout",
                    List.of(Steps.direct(s.sql(), null, null)), List.of());
            case FULL_REWRITE -> fullRewrite(s, ps);
            case CREATE_INDEX, REINDEX_INDEX, REINDEX_TABLE, DROP_INDEX -> index(s, ps);
            case COMMENT_ON_TABLE, COMMENT_ON_COLUMN -> comment(s, ps);
            case ALTER_TABLE -> new AlterStatementPlanner(this, s, ps).plan();
        };
    }

    static PlannedStatement refused(ScriptStatement s, String table, String reason) {
        return new PlannedStatement(s, table, null, null, NOT_ANALYSED, Strategy.REFUSED, reason, List.of(), List.of());
    }

    private PlannedStatement fullRewrite(ScriptStatement s, ParsedStatement ps) throws SQLException {
        Rel rel = ps.name() == null ? null : resolve(ps.name());
        String table = rel == null ? "every table it processes" : rel.qualified();
        return new PlannedStatement(s, rel == null ? null : rel.qualified(), LockLevel.ACCESS_EXCLUSIVE, LockHold.REWRITE,
                "the manual", Strategy.REFUSED, "rewrites " + table + " under ACCESS EXCLUSIVE for as long as the copy "
                + "takes; recast repack --table " + (rel == null ? "T" : rel.qualified()) + " does the same online",
                List.of(), List.of());
    }

    private PlannedStatement index(ScriptStatement s, ParsedStatement ps) throws SQLException {
        boolean onIndex = ps.type() == ParsedStatement.Type.REINDEX_INDEX || ps.type() == ParsedStatement.Type.DROP_INDEX;
        Rel rel = onIndex ? tableOfIndex(ps.name()) : resolve(ps.name());
        String sql = Steps.concurrently(s.sql(), ps.concurrentlyOffset());
        String table = rel == null ? null : rel.qualified();
        boolean drop = ps.type() == ParsedStatement.Type.DROP_INDEX;
        LockHold hold = drop ? LockHold.METADATA : LockHold.INDEX_BUILD;
        LockLevel asWritten = ps.concurrently() ? LockLevel.SHARE_UPDATE_EXCLUSIVE
                : drop ? LockLevel.ACCESS_EXCLUSIVE : LockLevel.SHARE;
        if (rel != null && "p".equals(rel.relkind()) && ps.type() == ParsedStatement.Type.CREATE_INDEX) {
            return new PlannedStatement(s, table, asWritten, hold, "the manual", Strategy.REFUSED,
                    table + " is partitioned, and CREATE INDEX CONCURRENTLY cannot build on a partitioned table: create "
                    + "the index on each partition CONCURRENTLY, then ON ONLY the parent and ALTER INDEX ... ATTACH "
                    + "PARTITION each (all metadata only)", List.of(), List.of());
        }
        String what = drop ? "DROP INDEX CONCURRENTLY waits for the transactions using the index, then drops it"
                : "builds while reads and writes go on; waits for older transactions first; an INVALID index a failure "
                + "leaves is dropped before a retry";
        String reason = (rel == null ? "the " + (onIndex ? "index" : "table") + " does not exist now (created by an "
                + "earlier statement?): planned again when migrate reaches it; " : "")
                + (ps.concurrently() ? "already CONCURRENTLY" : "run CONCURRENTLY");
        return new PlannedStatement(s, table, asWritten, hold, "the manual", Strategy.CONCURRENT_INDEX, reason,
                List.of(Steps.concurrent(sql, LockLevel.SHARE_UPDATE_EXCLUSIVE, hold, what)), List.of());
    }

    private PlannedStatement comment(ScriptStatement s, ParsedStatement ps) throws SQLException {
        Rel rel = resolve(ps.name());
        // COMMENT takes SHARE UPDATE EXCLUSIVE on the object (commands/comment.c, get_object_address)
        return new PlannedStatement(s, rel == null ? null : rel.qualified(), LockLevel.SHARE_UPDATE_EXCLUSIVE,
                LockHold.METADATA, "the manual", Strategy.DIRECT, "metadata only: run as written under lock_timeout",
                List.of(Steps.direct(s.sql(), LockLevel.SHARE_UPDATE_EXCLUSIVE, LockHold.METADATA)), List.of());
    }

    /** The relation a name as written denotes in this session; null when there is none (or the name cannot be parsed). */
    Rel resolve(String name) throws SQLException {
        try {
            return Jdbc.queryOne(c, DdlSql.resolve(), DdlPlanner::rel, name).orElse(null);
        } catch (SQLException e) {
            if (SqlStates.is(e, SqlStates.INVALID_NAME) || SqlStates.is(e, SqlStates.INVALID_SCHEMA_NAME)
                    || SqlStates.is(e, "0A000")) {
                return null;
            }
            throw e;
        }
    }

    private Rel tableOfIndex(String index) throws SQLException {
        Rel idx = resolve(index);
        if (idx == null) {
            return null;
        }
        long table = Jdbc.queryLong(c, DdlSql.tableOfIndex(), idx.oid());
        return Jdbc.queryOne(c, DdlSql.relation(), DdlPlanner::rel, table).orElse(null);
    }

    private static Rel rel(java.sql.ResultSet rs) throws SQLException {
        return new Rel(rs.getLong("oid"), rs.getString("nspname"), rs.getString("relname"), rs.getString("relkind"),
                rs.getString("relpersistence"));
    }

    Connection connection() {
        return c;
    }

    /** A constraint name in the table's schema that is free: {@code base}, else PostgreSQL's way, label1, label2 ... */
    String freeConstraintName(Rel rel, String name1, String name2, String label) throws SQLException {
        for (int pass = 0; ; pass++) {
            String candidate = Names.objectName(name1, name2, pass == 0 ? label : label + pass);
            if (rel == null || !Jdbc.queryBoolean(c, DdlSql.constraintNameTaken(), candidate, rel.schema())) {
                return candidate;
            }
        }
    }

    boolean inTablespace(Rel rel, String tablespace) throws SQLException {
        return Jdbc.queryBoolean(c, DdlSql.inTablespace(), rel.oid(), tablespace);
    }
}
