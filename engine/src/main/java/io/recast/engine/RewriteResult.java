package io.recast.engine;

import io.recast.engine.job.Phase;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a finished rewrite did.
 *
 * @param phaseDurations wall time of each phase that ran, in order
 * @param lockWait       time the successful cut-over attempt waited for ACCESS EXCLUSIVE
 * @param lockHold       time ACCESS EXCLUSIVE was held (lock granted to commit)
 * @param cutOverAttempts attempts including the successful one
 * @param sizeBefore     pg_total_relation_size of the table before, in bytes
 * @param sizeAfter      the same after the swap
 * @param keptOldTable   the old table's name when kept, else null
 */
public record RewriteResult(String table, long rowsCopied, long rowsReplayed, Map<Phase, Duration> phaseDurations,
                            Duration total, Duration lockWait, Duration lockHold, int cutOverAttempts,
                            long sizeBefore, long sizeAfter, String keptOldTable) {
    public RewriteResult {
        phaseDurations = Collections.unmodifiableMap(new LinkedHashMap<>(phaseDurations));
    }
}
