package io.recast.engine.internal.ddl;

import io.recast.engine.api.LockHold;
import io.recast.engine.api.LockLevel;
import io.recast.engine.internal.sql.Jdbc;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Asks the server what ALTER TABLE sub-commands do, without touching the table: on an empty
 * temporary copy with the same name ({@code LIKE ... INCLUDING ALL}: columns, defaults, CHECK
 * constraints, indexes), in a transaction that is rolled back, each sub-command in turn, reading
 * after each whether the copy got a new relfilenode (PostgreSQL rewrote it: a type change that is
 * not binary coercible, a volatile default), a new index file node (an index was built), or a
 * sequential scan (a validation), and at the end the lock modes it took. That is PostgreSQL's own
 * decision, on the server's version, rather than a table of types kept by hand.
 *
 * <p>The copy is created and committed first, so that its own creation's ACCESS EXCLUSIVE lock is
 * gone when the sub-commands run, and dropped afterwards.
 */
final class Probe {
    /**
     * What the copy showed.
     *
     * @param holds          per sub-command given, its hold; null for one that did not run (an earlier one failed)
     * @param newConstraints per sub-command given, the constraint names it added
     * @param lock           the strongest lock the sub-commands that ran took; null if none ran
     * @param error          the server's message when one failed, else null
     */
    record Result(List<LockHold> holds, List<List<String>> newConstraints, LockLevel lock, String error) {
    }

    private record State(long filenode, long scans, Set<String> indexFilenodes, Set<String> constraints) {
    }

    private Probe() {
    }

    /**
     * @return what the copy showed; null when it cannot be made (a temporary table of that name
     *         exists in this session, or the table is temporary itself)
     * @param table   the table, quoted and qualified
     * @param relname its name, unquoted: the copy gets the same name in pg_temp, so that names the
     *                server chooses (constraints, indexes) are the ones it would choose for the table
     */
    static Result run(Connection c, String table, String relname, List<String> subCommands) throws SQLException {
        String copy = DdlSql.probeName(relname);
        List<LockHold> holds = new ArrayList<>();
        List<List<String>> added = new ArrayList<>();
        if (Jdbc.queryBoolean(c, DdlSql.exists(), copy)) {
            return null;    // a temporary table of that name exists in this session: never touch it
        }
        Jdbc.exec(c, "probe", DdlSql.createCopy(copy, table));
        LockLevel lock = null;
        String error = null;
        try {
            long oid = Jdbc.queryLong(c, DdlSql.oid(), copy);
            c.setAutoCommit(false);
            try {
                State before = state(c, oid);
                for (String sub : subCommands) {
                    Jdbc.exec(c, "probe", DdlSql.SAVEPOINT);
                    try {
                        Jdbc.exec(c, "probe", DdlSql.alter(copy, sub));
                    } catch (SQLException e) {
                        Jdbc.exec(c, "probe", DdlSql.ROLLBACK_TO_SAVEPOINT);
                        error = e.getMessage();
                        break;
                    }
                    State after = state(c, oid);
                    holds.add(hold(before, after));
                    Set<String> names = new HashSet<>(after.constraints());
                    names.removeAll(before.constraints());
                    added.add(names.stream().sorted().toList());
                    before = after;
                }
                for (String mode : Jdbc.query(c, DdlSql.heldLocks(), rs -> rs.getString(1), oid)) {
                    lock = LockLevel.max(lock, LockLevel.ofPgLocksMode(mode));
                }
            } finally {
                c.rollback();
                c.setAutoCommit(true);
            }
        } finally {
            Jdbc.exec(c, "probe", DdlSql.dropCopy(copy));
        }
        while (holds.size() < subCommands.size()) {
            holds.add(null);
            added.add(List.of());
        }
        return new Result(holds, added, lock, error);
    }

    private static LockHold hold(State before, State after) {
        if (before.filenode() != after.filenode()) {
            return LockHold.REWRITE;
        }
        if (!before.indexFilenodes().containsAll(after.indexFilenodes())) {
            return LockHold.INDEX_BUILD;
        }
        return after.scans() > before.scans() ? LockHold.SCAN : LockHold.METADATA;
    }

    private static State state(Connection c, long oid) throws SQLException {
        return Jdbc.queryOne(c, DdlSql.copyState(), rs -> new State(rs.getLong("filenode"), rs.getLong("scans"),
                new HashSet<>(Jdbc.stringList(rs, "index_filenodes")),
                new HashSet<>(Jdbc.stringList(rs, "constraints"))), oid).orElseThrow();
    }
}
