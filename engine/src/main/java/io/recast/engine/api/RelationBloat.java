package io.recast.engine.api;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * One table or index as {@code bloat} measured it.
 *
 * @param schema            its schema
 * @param name              its name
 * @param displayName       schema.name, quoted where PostgreSQL needs it
 * @param kind              table or index
 * @param table             for an index, its table's name (in the same schema); for a table, its own name
 * @param sizeBytes         what a rewrite rewrites: a table's heap and TOAST table, an index's file
 * @param reclaimableBytes  how much smaller a rewrite would make it (never negative)
 * @param liveRows          live rows (a table's; an index's table's for an index), -1 when unknown
 * @param deadRows          dead rows, from the statistics counters or pgstattuple; -1 for an index
 * @param lastVacuum        the last VACUUM or autovacuum, null when never (or for an index)
 * @param lastAnalyze       the last ANALYZE or autoanalyze, null when never (or for an index)
 * @param method            how the figures were obtained
 * @param action            what Recast recommends
 * @param reason            why, in a sentence
 * @param caveats           why the figure may be wrong (statistics missing or stale, TOAST, expressions, ...);
 *                          empty when it can be trusted
 * @param lastAction        recast's last action on it that ended done (repack, alter, resume, reindex, vacuum),
 *                          from the history; null when none is recorded
 * @param lastActionAt      when that action ended; null with it
 * @param invalid           an INVALID index (a failed CREATE INDEX CONCURRENTLY or REINDEX CONCURRENTLY left it)
 */
public record RelationBloat(String schema, String name, String displayName, Kind kind, String table, long sizeBytes, long reclaimableBytes,
                            long liveRows, long deadRows, OffsetDateTime lastVacuum, OffsetDateTime lastAnalyze,
                            Method method, Action action, String reason, List<String> caveats, String lastAction,
                            OffsetDateTime lastActionAt, boolean invalid) {
    public RelationBloat {
        caveats = List.copyOf(caveats);
    }

    public enum Kind { TABLE, INDEX }

    /** How the figures were obtained. */
    public enum Method {
        /** pgstattuple_approx (tables) or pgstatindex (btree indexes): the pages were read. */
        EXACT,
        /** from the planner's statistics and the catalog: nothing read but the catalog. */
        ESTIMATED,
        /** not measured: an index type neither method covers. */
        NONE
    }

    /** The recommendation. */
    public enum Action {
        /** rewrite the table: recast repack. */
        REPACK,
        /** the index alone is bloated: REINDEX INDEX CONCURRENTLY. */
        REINDEX,
        /** dead rows a VACUUM would make reusable; no rewrite needed. */
        VACUUM,
        NONE;

        /** As the command line and JSON write it. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The reclaimable share of the size, 0 to 100. */
    public double reclaimablePercent() {
        return sizeBytes == 0 ? 0 : 100.0 * reclaimableBytes / sizeBytes;
    }
}
