package io.recast.engine.api;

import java.util.Arrays;
import java.util.Locale;

/**
 * PostgreSQL's table-level lock modes, weakest first (manual, "Explicit Locking", table 13.2).
 * The ordinal orders them by what they conflict with, which is all the planner needs: a statement
 * of several sub-commands takes the strongest of their locks.
 */
public enum LockLevel {
    ACCESS_SHARE("AccessShareLock"),
    ROW_SHARE("RowShareLock"),
    ROW_EXCLUSIVE("RowExclusiveLock"),
    SHARE_UPDATE_EXCLUSIVE("ShareUpdateExclusiveLock"),
    SHARE("ShareLock"),
    SHARE_ROW_EXCLUSIVE("ShareRowExclusiveLock"),
    EXCLUSIVE("ExclusiveLock"),
    ACCESS_EXCLUSIVE("AccessExclusiveLock");

    private final String pgLocksMode;

    LockLevel(String pgLocksMode) {
        this.pgLocksMode = pgLocksMode;
    }

    /** As the manual writes it: "ACCESS EXCLUSIVE". */
    public String label() {
        return name().replace('_', ' ');
    }

    /** As pg_locks.mode shows it: "AccessExclusiveLock". */
    public String pgLocksMode() {
        return pgLocksMode;
    }

    /** Whether the application's reads (SELECT, ACCESS SHARE) wait while this is held. */
    public boolean blocksReads() {
        return this == ACCESS_EXCLUSIVE;
    }

    /** Whether the application's writes (INSERT, UPDATE, DELETE: ROW EXCLUSIVE) wait while this is held. */
    public boolean blocksWrites() {
        return compareTo(SHARE) >= 0;
    }

    /** What it means for the application, for the plan: "blocks reads and writes". */
    public String effect() {
        return blocksReads() ? "blocks reads and writes" : blocksWrites() ? "blocks writes, not reads"
                : "blocks neither reads nor writes";
    }

    public static LockLevel max(LockLevel a, LockLevel b) {
        if (a == null) {
            return b;
        }
        return b == null || a.compareTo(b) >= 0 ? a : b;
    }

    /** From pg_locks.mode; null for a mode that is not a table lock mode. */
    public static LockLevel ofPgLocksMode(String mode) {
        return Arrays.stream(values()).filter(l -> l.pgLocksMode.equals(mode)).findFirst().orElse(null);
    }

    /** From the manual's spelling, "share update exclusive" or "SHARE_UPDATE_EXCLUSIVE". */
    public static LockLevel parse(String label) {
        return valueOf(label.strip().toUpperCase(Locale.ROOT).replace(' ', '_'));
    }
}
