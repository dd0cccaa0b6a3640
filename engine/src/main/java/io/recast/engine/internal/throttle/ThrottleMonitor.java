package io.recast.engine.internal.throttle;

import io.recast.engine.api.AbortedException;
import io.recast.engine.api.Signal;
import io.recast.engine.api.ThrottleRule;
import io.recast.engine.internal.changelog.ChangeLog;
import io.recast.engine.internal.runtime.ArtifactNames;
import io.recast.engine.internal.runtime.Cancellation;
import io.recast.engine.internal.runtime.Progress;
import io.recast.engine.internal.sql.Jdbc;
import io.recast.engine.internal.sql.Sessions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the throttle signals between batches, at most once per interval, on a connection of its
 * own: while one is above its pause threshold the run waits and the progress line says why; one
 * above its critical threshold stops the run (which then removes what it made). A signal that
 * cannot be read is reported once and then ignored.
 */
public final class ThrottleMonitor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ThrottleMonitor.class);

    /** One signal's value, or why it could not be read. */
    public record Reading(ThrottleRule rule, Double value, String error) {
    }

    private final DataSource ds;
    private final long tableOid;
    private final ArtifactNames names;
    private final List<ThrottleRule> rules;
    private final String userQuery;
    private final Replicas replicas;
    private final Duration interval;
    private final Clock clock;
    private final Consumer<String> warn;
    private final Set<Signal> unreadable = new HashSet<>();
    private Connection c;
    private Instant lastCheck = Instant.EPOCH;
    private long jobId = -1;
    private volatile String requested;

    public ThrottleMonitor(DataSource ds, long tableOid, ArtifactNames names, List<ThrottleRule> rules,
                           String userQuery, Replicas replicas, Duration interval, Clock clock, Consumer<String> warn) {
        this.ds = ds;
        this.replicas = replicas;
        this.tableOid = tableOid;
        this.names = names;
        this.rules = rules.stream().filter(ThrottleRule::active).toList();
        this.userQuery = userQuery;
        this.interval = interval;
        this.clock = clock;
        this.warn = warn;
    }

    /**
     * From now on, {@link #between} also reports the job's progress to its row in the job table and
     * obeys what `recast pause|resume|abort` asked there.
     */
    public void job(long id) {
        this.jobId = id;
    }

    /**
     * Before the run creates anything: checks that each replica is a reachable standby, and runs the
     * user's throttle query once; a query that fails or a replica that is not one refuses the run
     * instead of silently throttling nothing.
     *
     * @throws io.recast.engine.api.InvalidOptionsException naming the error
     */
    public void checkSignals() throws SQLException {
        replicas.check();
        if (userQuery == null || rules.stream().noneMatch(r -> r.signal() == Signal.QUERY)) {
            return;
        }
        try {
            userQuery(connection());
        } catch (SQLException e) {
            throw new io.recast.engine.api.InvalidOptionsException("the throttle query failed (" + e.getMessage().strip()
                    + "); it must return one number: " + userQuery);
        }
    }

    /** What `recast pause|resume|abort|cut-over` last asked of the job, as last read, or null. */
    public String requested() {
        return requested;
    }

    /** No signals: {@link #between} returns at once. */
    public static ThrottleMonitor none() {
        return new ThrottleMonitor(null, 0, null, List.of(), null, new Replicas(List.of(), new java.util.Properties()),
                Duration.ofSeconds(1), Clock.systemUTC(), m -> { });
    }

    public boolean enabled() {
        return !rules.isEmpty();
    }

    /**
     * Between two batches: returns at once when no check is due; else reads the signals and, while
     * one is above its pause threshold, waits (checking again every interval).
     *
     * @throws AbortedException when a signal is above its critical threshold
     */
    public void between(Progress progress, Cancellation cancel) throws SQLException {
        if ((rules.isEmpty() && jobId < 0) || Duration.between(lastCheck, clock.instant()).compareTo(interval) < 0) {
            return;
        }
        String pausedFor = null;
        while (true) {
            cancel.check();
            lastCheck = clock.instant();
            String requested = report(progress);
            this.requested = requested;
            if ("abort".equals(requested)) {
                throw new AbortedException("aborted by recast abort during " + progress.phase().label() + "; "
                        + progress.table() + " is as it was, and what the run made is removed");
            }
            String reason = "pause".equals(requested) ? "paused by recast pause (recast resume goes on)" : pauseReason(read());
            if (reason == null) {
                if (pausedFor != null) {
                    LOG.info("{}: throttle lifted ({} no more)", progress.table(), pausedFor);
                    progress.throttle(null);
                }
                return;
            }
            if (!reason.equals(pausedFor)) {
                warn.accept("throttled: " + reason + "; waiting");
                progress.throttle(reason);
                pausedFor = reason;
            }
            cancel.sleep(interval);
        }
    }

    /** Writes the progress to the job's row; returns what was requested there (pause, abort), or null. */
    private String report(Progress progress) throws SQLException {
        if (jobId < 0) {
            return null;
        }
        return io.recast.engine.internal.job.JobTable.report(connection(), jobId, progress.snapshot());
    }

    /** Reads every signal once, in rule order; throws at the first critical one. */
    List<Reading> read() throws SQLException {
        List<Reading> out = new ArrayList<>();
        for (ThrottleRule r : rules) {
            Reading reading = read(r);
            out.add(reading);
            if (reading.value() != null && reading.value() > r.abortAbove()) {
                throw new AbortedException("aborted: " + r.signal().describe(reading.value())
                        + " is above its critical threshold " + r.signal().describe(r.abortAbove()).replace(
                                r.signal().label() + " ", "") + "; the table is as it was, and what the run made is removed");
            }
        }
        return out;
    }

    /** The first signal above its pause threshold, described, or null. */
    static String pauseReason(List<Reading> readings) {
        for (Reading r : readings) {
            if (r.value() != null && r.value() > r.rule().pauseAbove()) {
                return r.rule().signal().describe(r.value()) + " > " + r.rule().signal().describe(r.rule().pauseAbove())
                        .replace(r.rule().signal().label() + " ", "");
            }
        }
        return null;
    }

    private Reading read(ThrottleRule r) throws SQLException {
        Signal s = r.signal();
        if (unreadable.contains(s)) {
            return new Reading(r, null, "unreadable");
        }
        Connection conn = connection();
        try {
            Double v = switch (s) {
                case BACKLOG -> (double) ChangeLog.backlog(conn, names);
                case QUERY -> userQuery(conn);
                case LOCK_WAITERS -> number(Jdbc.queryOne(conn, ThrottleSql.LOCK_WAITERS, rs -> value(rs), tableOid));
                // null until a replica replayed a transaction: no reading yet, not an unreadable signal
                case REPLICA_LAG -> {
                    Double lag = replicas.maxLag();
                    yield lag == null ? Double.valueOf(0) : lag;
                }
                default -> number(Jdbc.queryOne(conn, ThrottleSql.query(s), rs -> value(rs)));
            };
            if (v == null) {
                unreadable.add(s);
                warn.accept("cannot read the " + s.label() + " (it reads null: the role may need pg_monitor); "
                        + "that throttle is off for this run");
            }
            return new Reading(r, v, null);
        } catch (SQLException e) {
            if (s != Signal.QUERY && s != Signal.REPLICATION_LAG && s != Signal.SLOT_LAG && s != Signal.REPLICA_LAG) {
                throw e;
            }
            unreadable.add(s);
            warn.accept("cannot read the " + s.label() + " (" + e.getMessage().strip() + "); that throttle is off for this run");
            return new Reading(r, null, e.getMessage());
        }
    }

    private Double userQuery(Connection conn) throws SQLException {
        try (Statement st = conn.createStatement()) {
            st.setQueryTimeout(10);
            try (ResultSet rs = st.executeQuery(userQuery)) {
                if (!rs.next()) {
                    return 0.0;
                }
                double v = rs.getDouble(1);
                return rs.wasNull() ? 0.0 : v;
            }
        }
    }

    private static Double value(ResultSet rs) throws SQLException {
        double v = rs.getDouble(1);
        return rs.wasNull() ? null : v;
    }

    private static Double number(java.util.Optional<Double> v) {
        return v.orElse(null);
    }

    private Connection connection() throws SQLException {
        if (c == null || c.isClosed()) {
            c = Sessions.open(ds, "monitor");
            c.setAutoCommit(true);
        }
        return c;
    }

    @Override
    public void close() {
        replicas.close();
        Sessions.close(c);
        c = null;
    }
}
