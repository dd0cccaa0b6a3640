package io.recast.engine.internal.ddl;

import io.recast.engine.api.LockHold;
import io.recast.engine.api.LockLevel;
import java.util.Locale;

/**
 * The lock each ALTER TABLE sub-command takes and what it does, as the manual documents them
 * (ALTER TABLE, "Notes" and each form's description; "Explicit Locking"), for the forms the probe
 * cannot run on a temporary copy (a foreign key to a permanent table, SET LOGGED) and for tables
 * that do not exist yet. Where the probe runs, its measurement is used instead.
 */
final class ManualLocks {
    private ManualLocks() {
    }

    static LockLevel lock(SubCommand s) {
        String text = s.text().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
        return switch (s.kind()) {
            case ADD_FOREIGN_KEY -> LockLevel.SHARE_ROW_EXCLUSIVE;
            case VALIDATE_CONSTRAINT -> LockLevel.SHARE_UPDATE_EXCLUSIVE;
            case ATTACH_DETACH_PARTITION -> text.startsWith("attach") || text.endsWith(" concurrently")
                    ? LockLevel.SHARE_UPDATE_EXCLUSIVE : LockLevel.ACCESS_EXCLUSIVE;
            case ALTER_COLUMN_OTHER -> text.matches(".* set statistics .*|.* (set|reset) \\(.*")
                    ? LockLevel.SHARE_UPDATE_EXCLUSIVE : LockLevel.ACCESS_EXCLUSIVE;
            case OTHER -> {
                if (text.matches("(enable|disable) (always |replica )?trigger.*")) {
                    yield LockLevel.SHARE_ROW_EXCLUSIVE;
                }
                if (text.startsWith("cluster on") || text.startsWith("set without cluster")) {
                    yield LockLevel.SHARE_UPDATE_EXCLUSIVE;
                }
                yield LockLevel.ACCESS_EXCLUSIVE;
            }
            default -> LockLevel.ACCESS_EXCLUSIVE;
        };
    }

    /** What it does to the data, from its form alone; UNKNOWN where only the server can tell (a type change, a default). */
    static LockHold hold(SubCommand s) {
        return switch (s.kind()) {
            case ADD_CHECK, ADD_FOREIGN_KEY -> s.notValid() ? LockHold.METADATA : LockHold.SCAN;
            case ADD_INDEX_CONSTRAINT -> LockHold.INDEX_BUILD;
            case SET_NOT_NULL, VALIDATE_CONSTRAINT -> LockHold.SCAN;
            case SET_TABLESPACE, SET_LOGGED, SET_UNLOGGED, SET_ACCESS_METHOD -> LockHold.REWRITE;
            case ADD_COLUMN, ALTER_TYPE, ATTACH_DETACH_PARTITION, OTHER, ADD_OTHER_CONSTRAINT -> LockHold.UNKNOWN;
            default -> LockHold.METADATA;
        };
    }
}
