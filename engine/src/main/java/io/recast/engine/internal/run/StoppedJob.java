package io.recast.engine.internal.run;

import io.recast.engine.api.Phase;
import io.recast.engine.internal.job.JobTable;
import java.sql.Array;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Where an unfinished job stands, as its row says: what `recast resume` and a run that reconnects
 * go on from.
 *
 * @param label   its phase as the row names it ("swapped" once its swap committed)
 * @param lastKey the last key its backfill committed, or null
 * @param pid     the backend its row names (its worker's)
 * @param alive   whether that backend still runs
 */
record StoppedJob(long jobId, String label, List<String> lastKey, long rowsCopied, long rowsReplayed,
                  String options, String definitionHash, int pid, boolean alive) {

    /** The newest unfinished job on the table with {@code oid}; empty without one (or without a job table). */
    static Optional<StoppedJob> read(Connection c, long oid) throws SQLException {
        return JobTable.unfinishedJob(c, oid, rs -> {
            Array key = rs.getArray("last_key");
            return new StoppedJob(rs.getLong("job_id"), rs.getString("phase"),
                    key == null ? null : List.of((String[]) key.getArray()), rs.getLong("rows_copied"),
                    rs.getLong("rows_replayed"), rs.getString("options"), rs.getString("definition_hash"),
                    rs.getInt("pid"), rs.getBoolean("alive"));
        });
    }

    /** The phase to go on from: a committed swap leaves only the clean-up after it. */
    Phase phase() {
        if (swapped()) {
            return Phase.CLEANUP;
        }
        return Arrays.stream(Phase.values()).filter(x -> x.label().equals(label)).findFirst().orElse(Phase.PREPARE);
    }

    boolean swapped() {
        return "swapped".equals(label);
    }
}
