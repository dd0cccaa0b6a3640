package io.recast.engine.api;

import java.util.List;

/**
 * One SQL step Recast runs for a statement.
 *
 * @param kind       how it runs
 * @param sql        the exact statement (for {@link Kind#REWRITE}, the statement as written, for display)
 * @param lock       the lock it takes on the table
 * @param hold       how long it holds it
 * @param note       what else to know: another table it locks, why it is safe; may be empty
 * @param stateAfter what of the statement is in place once this step has run, for the report
 *                   when a later step fails
 */
public record DdlStep(Kind kind, String sql, LockLevel lock, LockHold hold, String note, String stateAfter) {
    public enum Kind {
        /** In its own transaction with SET lock_timeout, retried when the lock is not granted. */
        SHORT_LOCK,
        /** Outside a transaction (CONCURRENTLY); an INVALID index a failure leaves is dropped before a retry. */
        CONCURRENT,
        /** Handed to the shadow engine with {@link PlannedStatement#subCommands()}. */
        REWRITE
    }

    public DdlStep {
        note = note == null ? "" : note;
    }

    static List<DdlStep> one(DdlStep s) {
        return List.of(s);
    }
}
