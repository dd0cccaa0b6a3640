package io.recast.engine.internal.replay;

import io.recast.engine.api.AbortedException;
import io.recast.engine.internal.catalog.TableDefinition;
import io.recast.engine.internal.runtime.ArtifactNames;
import io.recast.engine.internal.sql.Jdbc;
import io.recast.engine.internal.sql.SqlStates;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Consumer;

/**
 * Makes the shadow rows of logged keys equal to the current source rows. Per key the result does
 * not depend on order or on how often a key is replayed, so the log may be applied in batches while
 * writes go on; replay starts only after the backfill has committed its last batch, so no batch
 * can still hold an older version of a replayed row.
 */
public final class Replayer {
    private final String fetch;
    private final String deleteShadow;
    private final String insertShadow;
    private final String deleteLog;
    private final String deleteLogReturningKeys;
    private final String table;
    private final int keyColumns;
    private Consumer<List<String>> replayedKeys;

    public Replayer(TableDefinition t, ArtifactNames n) {
        this.fetch = ReplaySql.fetch(t, n);
        this.deleteShadow = ReplaySql.deleteShadow(t, n);
        this.insertShadow = ReplaySql.insertShadow(t, n);
        this.deleteLog = ReplaySql.deleteLog(n);
        this.deleteLogReturningKeys = ReplaySql.deleteLogReturningKeys(t, n);
        this.table = t.displayName();
        this.keyColumns = t.key().size();
    }

    /**
     * From now on, every batch hands the keys it applied (as text, a key repeated as often as it
     * was logged) to {@code sink}: {@code verify} compares those rows again later. The keys of a
     * batch whose transaction then rolls back are handed over too; they are replayed again anyway.
     */
    public void recordKeys(Consumer<List<String>> sink) {
        this.replayedKeys = sink;
    }

    private record Entry(long id, boolean truncated) {
    }

    /**
     * Applies up to {@code limit} of the oldest log rows on {@code c}, inside the caller's
     * transaction (the caller commits). Deletes exactly the log rows it read: a row with a smaller
     * id that commits later is read by a later batch.
     *
     * <p>A batch reads the rows of its keys as they are now, which may be ahead of the log rows it
     * applies: a row may have taken a unique value that another row gave up in a write logged after
     * the batch's last log row, and that other row still holds the value in the shadow. Its insert
     * then fails on a unique index of the shadow; the batch is rolled back to a savepoint and the
     * whole log applied at once instead, which leaves the shadow equal to the table as of the
     * transaction's snapshot (start it with {@link ReplaySql#ONE_SNAPSHOT}; under the cut-over's
     * lock no write can come in between).
     *
     * @return the number of log rows applied; 0 when the log is empty
     * @throws AbortedException when the log records a TRUNCATE of the source
     */
    public int applyBatch(Connection c, int limit) throws SQLException {
        Jdbc.exec(c, "replay", ReplaySql.SAVEPOINT);
        int applied;
        try {
            applied = apply(c, limit);
        } catch (SQLException e) {
            if (!SqlStates.UNIQUE_VIOLATION.equals(e.getSQLState()) || limit == ALL) {
                throw e;
            }
            Jdbc.exec(c, "replay", ReplaySql.ROLLBACK_TO_SAVEPOINT);
            applied = apply(c, ALL);
        }
        Jdbc.exec(c, "replay", ReplaySql.RELEASE);
        return applied;
    }

    /** Every row of the log, as {@link #applyBatch}'s limit. */
    public static final int ALL = Integer.MAX_VALUE;

    private int apply(Connection c, int limit) throws SQLException {
        List<Entry> entries = Jdbc.query(c, fetch, rs -> new Entry(rs.getLong(1), rs.getBoolean(2)), limit);
        if (entries.isEmpty()) {
            return 0;
        }
        if (entries.stream().anyMatch(Entry::truncated)) {
            throw new AbortedException(table + " was truncated while it was being rewritten; nothing was "
                    + "changed, run again");
        }
        long[] ids = entries.stream().mapToLong(Entry::id).toArray();
        Jdbc.update(c, "replay", deleteShadow, ids);
        Jdbc.update(c, "replay", insertShadow, ids);
        if (replayedKeys == null) {
            Jdbc.update(c, "replay", deleteLog, ids);
        } else {
            Jdbc.query(c, deleteLogReturningKeys, Jdbc.texts(keyColumns), ids).forEach(replayedKeys);
        }
        return ids.length;
    }
}
