package io.recast.engine.internal.check;

import io.recast.engine.api.CheckItem.Status;
import io.recast.engine.api.CheckItem;
import io.recast.engine.api.CheckOptions;
import io.recast.engine.api.CheckReport;
import io.recast.engine.api.DatabaseException;
import io.recast.engine.api.NotEligibleException;
import io.recast.engine.api.RewriteListener;
import io.recast.engine.api.RewriteOptions;
import io.recast.engine.internal.catalog.TableDefinition;
import io.recast.engine.internal.catalog.TableInspector;
import io.recast.engine.internal.cutover.BlockerSql;
import io.recast.engine.internal.plan.Planner;
import io.recast.engine.internal.plan.RewritePlan;
import io.recast.engine.internal.sql.Jdbc;
import io.recast.engine.internal.sql.Sessions;
import io.recast.engine.internal.sql.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pre-flight check of a rewrite (issue 4): eligibility, estimated time, extra disk space, long
 * and prepared transactions, replication slots and lag, and what the cut-over will lock. It
 * changes nothing: it reads the catalog and the statistics views, and times a read of the table's
 * first rows in a READ ONLY transaction. Each statement waits at most {@link #LOCK_WAIT} for a lock.
 *
 * <p>FAIL is kept for what makes the run impossible: the planner's refusals, a read-only standby,
 * and a prepared transaction holding a lock on the table. Everything else is at most a WARN.
 */
public final class Preflight {
    /** A statement of the check waits at most this long for a lock, so the check never queues for long. */
    static final Duration LOCK_WAIT = Duration.ofSeconds(2);
    private static final Logger LOG = LoggerFactory.getLogger(Preflight.class);
    private static final int LISTED = 5;

    private final DataSource dataSource;
    private final CheckOptions checks;

    public Preflight(DataSource dataSource, CheckOptions checks) {
        this.dataSource = dataSource;
        this.checks = checks;
    }

    /**
     * The check on its own ({@code Recast.check}): a refusal of the planner becomes the FAIL of the
     * eligibility item, and the items that need an eligible table (time, disk, cut-over) are left out.
     *
     * @throws DatabaseException on an SQL error
     */
    public CheckReport check(String table, RewriteOptions options, Supplier<List<RewritePlan>> planner) {
        try {
            return run(table, options, planner.get(), List.of());
        } catch (NotEligibleException e) {
            return run(table, options, null, e.reasons());
        }
    }

    /**
     * The check {@code repack} runs after planning and before it creates anything: passes each
     * WARN item to the listener and refuses on a FAIL item.
     *
     * @throws NotEligibleException with the detail of each FAIL item
     */
    public CheckReport enforce(String table, RewriteOptions options, List<RewritePlan> plans,
                               RewriteListener listener) {
        CheckReport report = run(table, options, plans, List.of());
        if (!report.hardFailures().isEmpty()) {
            throw new NotEligibleException(report.table(), report.hardFailures().stream()
                    .map(i -> i.name() + ": " + i.detail()).toList());
        }
        for (CheckItem w : report.warnings()) {
            try {
                listener.warning(report.table(), "pre-flight check, " + w.name() + ": " + w.detail());
            } catch (RuntimeException e) {
                LOG.warn("{}: the listener's warning threw; ignored", report.table(), e);
            }
        }
        return report;
    }

    /** @param plans null when the table cannot be rewritten, for the {@code reasons} given */
    private CheckReport run(String table, RewriteOptions options, List<RewritePlan> plans, List<String> reasons) {
        Connection c = null;
        try {
            c = Sessions.open(dataSource, "check");
            Jdbc.exec(c, "check", PreflightSql.lockTimeout(LOCK_WAIT));
            Optional<Long> root = resolve(c, table);
            if (root.isPresent()) {
                table = Planner.nameOf(c, root.get()).orElse(table);
            }
            long[] oids = relations(c, root, plans);
            boolean standby = Jdbc.queryBoolean(c, PreflightSql.IN_RECOVERY);
            List<CheckItem> items = new ArrayList<>();
            List<String> refusals = new ArrayList<>(reasons);
            Optional<String> readOnly = Jdbc.queryOne(c, PreflightSql.READ_ONLY_ROLE, rs -> rs.getString(1));
            if (readOnly.isPresent()) {
                String role = readOnly.get();
                refusals.add("sessions of " + role + " start read-only (default_transaction_read_only is on, set on the "
                        + "role or the database), and a rewrite writes the shadow table and the change log: run recast "
                        + "as a role that may write, or ALTER ROLE " + Sql.ident(role)
                        + " SET default_transaction_read_only = off");
            }
            items.add(eligibility(c, table, plans, refusals, standby));
            long wal = 0;
            if (plans != null) {
                Estimates estimates = Estimates.measure(c, plans, options, checks);
                items.add(estimates.time(options));
                items.add(estimates.disk(options));
                wal = estimates.walBytes();
            }
            items.add(Transactions.longTransactions(c, oids, checks));
            items.add(Transactions.prepared(c, oids));
            items.add(Replication.slots(c, standby, wal));
            items.add(Replication.lag(c, standby, checks, wal));
            if (plans != null) {
                items.add(cutOver(c, plans, options, oids));
            }
            return new CheckReport(table, items);
        } catch (SQLException e) {
            throw new DatabaseException("checking " + table + " failed", e);
        } finally {
            Sessions.close(c);
        }
    }

    private static Optional<Long> resolve(Connection c, String table) throws SQLException {
        try {
            return Optional.of(new TableInspector().resolve(c, table));
        } catch (NotEligibleException e) {
            return Optional.empty();
        }
    }

    /**
     * The table, the tables rewritten (its partitions), their parents and inheritance children: what the
     * cut-over locks.
     */
    private static long[] relations(Connection c, Optional<Long> root, List<RewritePlan> plans) throws SQLException {
        Set<Long> oids = new LinkedHashSet<>();
        root.ifPresent(oids::add);
        for (RewritePlan p : plans == null ? List.<RewritePlan>of() : plans) {
            oids.add(p.table().oid());
            List<String> others = new ArrayList<>(p.table().inheritance().parents());
            others.addAll(p.table().inheritance().children());
            if (p.table().partitionOf() != null) {
                others.add(p.table().partitionOf().parentQualified());
            }
            for (String other : others) {
                long oid = Jdbc.queryLong(c, PreflightSql.OID, other);
                if (oid != 0) {
                    oids.add(oid);
                }
            }
        }
        return oids.stream().mapToLong(Long::longValue).toArray();
    }

    private static CheckItem eligibility(Connection c, String table, List<RewritePlan> plans, List<String> reasons,
                                         boolean standby) throws SQLException {
        List<String> fails = new ArrayList<>(reasons);
        if (standby) {
            fails.add("this server is a standby (in recovery), which is read-only: run recast against the primary");
        }
        if (!fails.isEmpty()) {
            return new CheckItem(CheckItem.ELIGIBILITY, Status.FAIL, "repack would refuse: " + String.join("; ", fails),
                    Map.of("reasons", (long) fails.size()));
        }
        List<String> running = new ArrayList<>();
        for (RewritePlan p : plans) {
            long key = p.names().jobLockKey();
            Jdbc.queryOne(c, PreflightSql.JOB_LOCK_HOLDER, rs -> rs.getInt(1), key >>> 32, key & 0xFFFF_FFFFL)
                    .ifPresent(pid -> running.add(p.table().displayName() + " (pid " + pid + ")"));
        }
        if (!running.isEmpty()) {
            return new CheckItem(CheckItem.ELIGIBILITY, Status.WARN, "another recast run is working on "
                    + String.join(", ", running) + " now; repack would refuse to start until it ends",
                    Map.of("reasons", 0L));
        }
        TableDefinition first = plans.get(0).table();
        String key = "its key (" + String.join(", ", first.key().columns()) + ") comes from "
                + (first.key().primary() ? "primary key " : "unique index ") + first.key().indexName();
        // a partitioned table (even one with a single partition) is planned as its partitions
        String what = plans.size() == 1 && first.displayName().equals(table) ? "repack can rewrite it: " + key
                : "repack can rewrite each of its " + Format.count(plans.size(), "partition", "partitions")
                        + ", one after the other: the first's " + key.substring("its ".length());
        return new CheckItem(CheckItem.ELIGIBILITY, Status.OK, what + ", and nothing in its definition or its "
                + "privileges stands in the way", Map.of("reasons", 0L));
    }

    private CheckItem cutOver(Connection c, List<RewritePlan> plans, RewriteOptions options, long[] oids)
            throws SQLException {
        StringBuilder b = new StringBuilder();
        TableDefinition first = plans.get(0).table();
        if (plans.size() == 1) {
            b.append("the swap takes ACCESS EXCLUSIVE on ").append(first.displayName());
            if (first.partitionOf() != null) {
                b.append(" and, ONLY, on its parent ").append(first.partitionOf().parentQualified());
            }
            if (!first.inheritance().parents().isEmpty()) {
                b.append(" and, ONLY, on its inheritance parents ").append(String.join(", ", first.inheritance().parents()));
            }
            if (!first.inheritance().children().isEmpty()) {
                b.append(" (with its inheritance children, which are re-linked to the new table: ")
                        .append(String.join(", ", first.inheritance().children())).append(')');
            }
        } else {
            b.append("each of the ").append(plans.size()).append(" partitions is swapped in a transaction of its own, "
                    + "which takes ACCESS EXCLUSIVE on the partition and, ONLY, on its parent (")
                    .append(String.join(", ", plans.stream().map(p -> p.table().partitionOf())
                            .filter(p -> p != null).map(p -> p.parentQualified()).distinct().toList())).append(')');
        }
        b.append(", waiting at most ").append(Format.duration(options.cutover().lockTimeout())).append(" per attempt for up to ")
                .append(options.cutover().maxAttempts()).append(" attempts and holding it at most ")
                .append(Format.duration(options.cutover().maxLockHold()));
        List<String> also = new ArrayList<>();
        addNames(also, "the tables whose foreign keys reference it (the keys are dropped and added again)",
                plans.stream().flatMap(p -> p.table().incomingKeys().stream()).map(k -> k.qualifiedTable()).toList());
        addNames(also, "the views it re-creates", plans.stream().flatMap(p -> p.table().views().stream())
                .map(v -> v.qualified()).toList());
        addNames(also, "the materialized views it rebuilds, running their queries under the lock", plans.stream()
                .flatMap(p -> p.table().materializedViews().stream()).map(m -> m.qualified()).toList());
        long rules = plans.stream().mapToLong(p -> p.table().rules().size()).sum();
        if (rules > 0) {
            also.add("the tables of the " + Format.count(rules, "rule", "rules") + " it re-creates");
        }
        if (!also.isEmpty()) {
            b.append("; it also takes ACCESS EXCLUSIVE on ").append(String.join("; ", also));
        }
        long threshold = checks.longTransaction().toMillis();
        Map<Integer, String> holders = new LinkedHashMap<>();
        Map<Integer, String> blockers = new LinkedHashMap<>();
        for (long oid : oids) {
            Jdbc.query(c, BlockerSql.lockHolders(), rs -> {
                int pid = rs.getInt("pid");
                String state = rs.getString("state");
                long seconds = rs.getLong("xact_seconds");
                String entry = "pid " + pid + (rs.getBoolean("granted") ? " holds " : " waits for ") + rs.getString("mode")
                        + (rs.getString("app").isEmpty() ? "" : " (" + rs.getString("app") + ")")
                        + (state.isEmpty() ? "" : ", " + state + " in a transaction open for " + Format.seconds(seconds));
                holders.putIfAbsent(pid, entry);
                if (state.startsWith("idle in transaction") || seconds * 1000 > threshold) {
                    blockers.putIfAbsent(pid, entry);
                }
                return null;
            }, oid);
        }
        Map<String, Long> figures = Map.of("lockHolders", (long) holders.size(), "longLockHolders",
                (long) blockers.size());
        if (!blockers.isEmpty()) {
            b.append(". Now ").append(Format.list(new ArrayList<>(blockers.values()), LISTED)).append(": a cut-over "
                    + "attempt waits for such a transaction and fails while it stays open; have it commit or roll "
                    + "back before the cut-over (its lock is needed only then)");
            return new CheckItem(CheckItem.CUT_OVER, Status.WARN, b.toString(), figures);
        }
        b.append(holders.isEmpty() ? ". No other session holds a lock on it now"
                : ". Now " + Format.count(holders.size(), "session holds", "sessions hold") + " short locks on it ("
                        + Format.list(new ArrayList<>(holders.values()), LISTED) + "), which is normal for a table in use");
        return new CheckItem(CheckItem.CUT_OVER, Status.OK, b.toString(), figures);
    }

    private static void addNames(List<String> out, String what, List<String> names) {
        List<String> distinct = names.stream().distinct().toList();
        if (!distinct.isEmpty()) {
            out.add(what + ": " + Format.list(distinct, LISTED));
        }
    }
}
