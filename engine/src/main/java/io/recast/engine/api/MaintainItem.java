package io.recast.engine.api;

import java.time.Duration;

/**
 * One relation {@code maintain} picked (or left out, with why), and what became of it.
 *
 * @param schema           its schema
 * @param name             its name
 * @param relation         schema.name, quoted as PostgreSQL needs
 * @param kind             table or index
 * @param action           repack, reindex, vacuum, or drop (an INVALID index left by a failed REINDEX CONCURRENTLY)
 * @param why              why it was picked: the bloat's reason
 * @param sizeBefore       its size when measured, in bytes: a table's with its TOAST and indexes, which a repack
 *                         rewrites too
 * @param reclaimableBytes what bloat found the action would give back (a repack: the table's and its indexes')
 * @param estimate         its estimated time
 * @param estimateBasis    what the estimate rests on
 * @param status           what became of it
 * @param detail           why it was skipped, stopped or failed; null when done or planned
 * @param sizeAfter        its size after, -1 when not done
 * @param took             how long it ran; null when it did not start
 * @param lockHold         a repack's exclusive lock hold; null otherwise
 */
public record MaintainItem(String schema, String name, String relation, RelationBloat.Kind kind, String action, String why, long sizeBefore,
                           long reclaimableBytes, Duration estimate, String estimateBasis, Status status, String detail,
                           long sizeAfter, Duration took, Duration lockHold) {

    /** What became of an item. */
    public enum Status {
        /** --dry-run: it would run, in this order. */
        PLANNED,
        DONE,
        /** it ran and failed (the others went on). */
        FAILED,
        /** not started: done recently, excluded, over --max-tables, or it would not fit the window or the disk. */
        SKIPPED,
        /** started, and stopped cleanly when the window closed: nothing swapped. */
        STOPPED,
        /** not reached: the window closed first. */
        NOT_REACHED;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        }
    }

    /** This item with what became of it. */
    public MaintainItem ended(Status s, String d, long after, Duration t, Duration hold) {
        return new MaintainItem(schema, name, relation, kind, action, why, sizeBefore, reclaimableBytes, estimate, estimateBasis, s, d,
                after, t, hold);
    }
}
