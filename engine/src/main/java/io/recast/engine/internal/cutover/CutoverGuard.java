package io.recast.engine.internal.cutover;

import io.recast.engine.api.BlockerPolicy;
import io.recast.engine.api.CutoverOptions;
import io.recast.engine.internal.catalog.TableDefinition;
import io.recast.engine.internal.runtime.ArtifactNames;
import io.recast.engine.internal.runtime.Cancellation;
import io.recast.engine.internal.sql.Jdbc;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The checks before a cut-over attempt asks for its lock: sessions whose old transactions hold a
 * lock on the table (the request would queue behind them, and the application behind it), prepared
 * transactions holding one (it would never be granted), and, once, transactions whose snapshots are
 * older than the copy. Blockers are named; with {@link BlockerPolicy#CANCEL} or
 * {@link BlockerPolicy#TERMINATE} they are acted on once they have blocked for the grace period.
 */
final class CutoverGuard {
    /** A session that holds a lock on the table in an old transaction. */
    record Blocker(int pid, String app, String state, double ageSeconds, String query, boolean autovacuum) {
        String describe() {
            return "pid " + pid + (app.isEmpty() ? "" : " (" + app + ")") + ", " + (state.isEmpty() ? "state unknown" : state)
                    + ", transaction open " + Math.round(ageSeconds) + "s" + (query.isEmpty() ? "" : ": " + query);
        }
    }

    private final TableDefinition table;
    private final ArtifactNames names;
    private final CutoverOptions options;
    private final Clock clock;
    private final Consumer<String> warn;
    private final Map<Integer, Instant> firstSeen = new HashMap<>();
    private final Set<Integer> toldAbout = new HashSet<>();
    private long[] relations;

    CutoverGuard(TableDefinition table, ArtifactNames names, CutoverOptions options, Clock clock,
                 Consumer<String> warn) {
        this.table = table;
        this.names = names;
        this.options = options;
        this.clock = clock;
        this.warn = warn;
    }

    /**
     * The table, the shadow, a partition's parent and an inheritance table's parents and children:
     * the swap locks all of them (the shadow's own autovacuum is off, but an anti-wraparound one runs
     * anyway).
     */
    private long[] relations(Connection c) throws SQLException {
        if (relations == null) {
            List<String> others = new ArrayList<>(table.inheritance().parents());
            others.addAll(table.inheritance().children());
            if (table.partitionOf() != null) {
                others.add(table.partitionOf().parentQualified());
            }
            List<Long> oids = new ArrayList<>(List.of(table.oid(), Jdbc.queryLong(c, BlockerSql.OID, names.qShadow())));
            for (String other : others) {
                oids.add(Jdbc.queryLong(c, BlockerSql.OID, other));
            }
            relations = oids.stream().mapToLong(Long::longValue).toArray();
        }
        return relations;
    }

    /**
     * Why the cut-over should not ask for its lock now, or null when nothing stands in its way.
     * Acts on blockers as the policy says once their grace is over.
     */
    String blockedBy(Connection c) throws SQLException {
        long[] rels = relations(c);
        List<String> prepared = Jdbc.query(c, BlockerSql.preparedTransactions(), rs -> rs.getString("table_locks") == null
                ? null : "prepared transaction '" + rs.getString("gid") + "' (owner " + rs.getString("owner")
                + ", prepared " + rs.getLong("seconds") + "s ago)", rels);
        prepared.removeIf(Objects::isNull);
        if (!prepared.isEmpty()) {
            return String.join(", ", prepared) + " holds a lock on the table: the lock cannot be granted until it is "
                    + "committed or rolled back (COMMIT PREPARED / ROLLBACK PREPARED)";
        }
        List<Blocker> blockers = Jdbc.query(c, BlockerSql.blockers(), rs -> new Blocker(rs.getInt("pid"), rs.getString("app"),
                rs.getString("state"), rs.getDouble("age_s"), rs.getString("query"), rs.getBoolean("autovacuum")),
                rels, options.lockTimeout().toMillis() + " milliseconds");
        Instant now = clock.instant();
        firstSeen.keySet().retainAll(blockers.stream().map(Blocker::pid).toList());
        if (blockers.isEmpty()) {
            return null;
        }
        for (Blocker b : blockers) {
            Instant since = firstSeen.computeIfAbsent(b.pid(), p -> now);
            if (options.onBlocker() != BlockerPolicy.WAIT
                    && Duration.between(since, now).compareTo(options.blockerGrace()) >= 0) {
                act(c, b);
            }
        }
        return "waiting for " + blockers.stream().map(Blocker::describe).reduce((a, b) -> a + "; " + b).orElseThrow()
                + " (a lock on the table, held in a transaction older than the lock timeout"
                + (options.onBlocker() == BlockerPolicy.WAIT ? "; --on-blocker cancel|terminate acts on it after a grace"
                : "") + ")";
    }

    private void act(Connection c, Blocker b) throws SQLException {
        if (b.autovacuum() && !options.killAutovacuum()) {
            if (toldAbout.add(b.pid())) {
                warn.accept("pid " + b.pid() + " is an anti-wraparound autovacuum; it is left alone (allow it with "
                        + "--kill-autovacuum)");
            }
            return;
        }
        if (options.onBlocker() == BlockerPolicy.CANCEL && b.state().startsWith("idle in transaction")) {
            if (toldAbout.add(b.pid())) {
                warn.accept(b.describe() + " is idle in a transaction: cancelling cannot end that, only "
                        + "--on-blocker terminate can");
            }
            return;
        }
        boolean done = Jdbc.queryBoolean(c, BlockerSql.endBackend(options.onBlocker() == BlockerPolicy.CANCEL), b.pid());
        warn.accept((options.onBlocker() == BlockerPolicy.CANCEL ? "cancelled the statement of " : "terminated ")
                + b.describe() + " after it blocked the cut-over for " + options.blockerGrace().toMillis() + "ms"
                + (done ? "" : " (the signal was not delivered: the session is gone or not ours to signal)"));
        firstSeen.remove(b.pid());
    }

    /**
     * Waits, at most the option's bound, while transactions hold snapshots older than the end of the
     * copy (epoch seconds on the server's clock); names them once; goes on after the bound with a warning.
     */
    void awaitOldSnapshots(Connection c, double copyEnded, Cancellation cancel) throws SQLException {
        Instant until = clock.instant().plus(options.oldSnapshotWait());
        double before = copyEnded;
        boolean told = false;
        while (true) {
            List<String> old = Jdbc.query(c, BlockerSql.oldSnapshots(), rs -> new Blocker(rs.getInt("pid"),
                    rs.getString("app"), rs.getString("state"), rs.getDouble("age_s"), rs.getString("query"), false)
                    .describe(), before);
            if (old.isEmpty()) {
                return;
            }
            if (!clock.instant().isBefore(until)) {
                warn.accept("going on although " + String.join("; ", old) + " still hold" + (old.size() == 1 ? "s" : "")
                        + " a snapshot older than the copy: a REPEATABLE READ transaction among them would read the new "
                        + "table without the rows copied after its snapshot");
                return;
            }
            if (!told) {
                warn.accept("waiting up to " + options.oldSnapshotWait().toMillis() + "ms for " + String.join("; ", old)
                        + ": a snapshot older than the copy would read the new table incompletely after the swap");
                told = true;
            }
            cancel.sleep(Duration.ofMillis(200));
        }
    }
}
