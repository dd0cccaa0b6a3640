package io.recast.engine.metrics;

/**
 * The names of the meters {@link MetricsListener} records, and of their tags. Every meter carries
 * the {@link #TABLE} tag (the table as {@code "schema"."name"}). Prometheus shows the names with
 * underscores and its suffixes: {@code recast.rows.copied} as {@code recast_rows_copied_total},
 * timers as {@code _seconds_count}, {@code _seconds_sum} and {@code _seconds_max}.
 */
public final class RecastMeters {
    /** Counter: rows the backfill copied, one increment per committed batch. */
    public static final String ROWS_COPIED = "recast.rows.copied";
    /** Counter: change-log rows replayed into the shadow (also those of cut-over attempts that rolled back). */
    public static final String ROWS_REPLAYED = "recast.rows.replayed";
    /** Gauge: change-log rows waiting to be replayed, as the status line shows it (an upper bound). */
    public static final String BACKLOG = "recast.backlog";
    /** Timer: one backfill batch, its transaction from start to commit. */
    public static final String BATCH_DURATION = "recast.batch.duration";
    /** Gauge: 1 while the backfill is paused by the throttle, else 0. */
    public static final String THROTTLED = "recast.throttled";
    /** Timer: throttle pauses, tagged with their {@link #REASON}: how many, and how long in all. */
    public static final String THROTTLE_PAUSE = "recast.throttle.pause";
    /** Counter: cut-over attempts, tagged with their {@link #OUTCOME}. */
    public static final String CUTOVER_ATTEMPTS = "recast.cutover.attempts";
    /** Timer: per cut-over attempt, the wait for ACCESS EXCLUSIVE until granted or refused; tagged {@link #OUTCOME}. */
    public static final String CUTOVER_LOCK_WAIT = "recast.cutover.lock.wait";
    /** Timer: per cut-over attempt that got the lock, how long it held it; tagged {@link #OUTCOME}. */
    public static final String CUTOVER_LOCK_HOLD = "recast.cutover.lock.hold";

    /** Tag of every meter: the table being rewritten. */
    public static final String TABLE = "table";
    /** Tag of the throttle pauses: why, as the status line says it (e.g. {@code rate limit 1000 rows/s}). */
    public static final String REASON = "reason";
    /** Tag of the cut-over meters: {@link #SUCCESS} or {@link #FAILURE} (rolled back; a retry may follow). */
    public static final String OUTCOME = "outcome";
    public static final String SUCCESS = "success";
    public static final String FAILURE = "failure";

    private RecastMeters() {
    }
}
