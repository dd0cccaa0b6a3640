package io.recast.engine.api;

import java.time.Duration;
import java.time.OffsetDateTime;

/**
 * One action of recast's history: a repack, alter, reindex, vacuum, or a whole maintain run.
 *
 * @param id          its number, in the order started
 * @param table       the table (for a reindex, the index; for a maintain run, the database), quoted as PostgreSQL needs
 * @param action      repack, alter, resume, reindex, vacuum or maintain
 * @param startedAt   when it started
 * @param finishedAt  when it ended; null while it runs, or when its process died before it could say
 * @param sizeBefore  the relation's size with its indexes and TOAST before, in bytes; -1 when unknown
 * @param sizeAfter   the same after; -1 when unknown (failed, or not finished)
 * @param lockHold    how long it held the table's exclusive lock; null when it took none or failed before
 * @param outcome     running, done, refused, failed, aborted, stopped (its process died; a resume went on),
 *                    skipped or "window closed"
 * @param error       what went wrong, for an action that did not end done
 * @param maintainRun the maintain run it belongs to (its own id), null when it was run by hand
 */
public record HistoryEntry(long id, String table, String action, OffsetDateTime startedAt, OffsetDateTime finishedAt,
                           long sizeBefore, long sizeAfter, Duration lockHold, String outcome, String error,
                           Long maintainRun) {
}
