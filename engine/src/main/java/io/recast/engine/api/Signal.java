package io.recast.engine.api;

import java.util.Locale;

/** What a throttle rule measures, with the unit its thresholds are in. */
public enum Signal {
    /** The largest replay_lag of the standbys in pg_stat_replication, in seconds. */
    REPLICATION_LAG("replication lag", "s"),
    /**
     * The largest replay lag of the standbys named by replica URLs, read on each standby: the age of
     * its last replayed transaction while it has received WAL it has not replayed, in seconds.
     */
    REPLICA_LAG("replica replay lag", "s"),
    /**
     * The WAL a replication slot holds back, in bytes (the largest of them): a logical slot from its
     * confirmed position, a physical one from its restart point.
     */
    SLOT_LAG("replication slot lag", "bytes"),
    /** Client sessions running a statement, ours left out. */
    ACTIVE_SESSIONS("active sessions", ""),
    /** Sessions waiting for a lock on the table. */
    LOCK_WAITERS("sessions waiting for a lock on the table", ""),
    /** Change-log rows waiting to be replayed. */
    BACKLOG("change-log backlog", "rows"),
    /** The number the user's throttle query returns. */
    QUERY("throttle query", "");

    private final String label;
    private final String unit;

    Signal(String label, String unit) {
        this.label = label;
        this.unit = unit;
    }

    public String label() {
        return label;
    }

    /** "replication lag 12.5s", "active sessions 40". */
    public String describe(double value) {
        String v = value == Math.rint(value) ? String.valueOf((long) value) : String.format(Locale.ROOT, "%.1f", value);
        return label + " " + v + (unit.isEmpty() ? "" : unit.equals("s") ? "s" : " " + unit);
    }
}
