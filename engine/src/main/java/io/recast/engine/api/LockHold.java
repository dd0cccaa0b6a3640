package io.recast.engine.api;

/** How long a statement holds its lock: what it does to the table's data while holding it. */
public enum LockHold {
    /** Catalog changes only: milliseconds, once the lock is granted. */
    METADATA("metadata only"),
    /** Reads the whole table to check a constraint or NOT NULL, writing nothing: the lock lasts as long as the read. */
    SCAN("validation scan"),
    /** Builds (or rebuilds) an index: the lock lasts as long as the build. */
    INDEX_BUILD("index build"),
    /** Writes a new copy of the table and its indexes: the lock lasts as long as the copy. */
    REWRITE("full rewrite"),
    /** The table does not exist when planned (an earlier statement of the file creates it): decided when migrate reaches it. */
    UNKNOWN("not known before the table exists");

    private final String label;

    LockHold(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static LockHold max(LockHold a, LockHold b) {
        if (a == null) {
            return b;
        }
        return b == null || a.compareTo(b) >= 0 ? a : b;
    }
}
