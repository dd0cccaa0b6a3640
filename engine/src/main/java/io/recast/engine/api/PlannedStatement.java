package io.recast.engine.api;

import java.util.List;

/**
 * What a statement of the file does as written, and how Recast will run it.
 *
 * @param source      the statement and where it is in the file
 * @param table       the table it touches, quoted and qualified as the server resolved it; null
 *                    when it touches no existing table (CREATE TABLE, a table the file creates first)
 * @param lock        the lock PostgreSQL takes on the table when the statement runs as written;
 *                    null when not analysed (a statement Recast does not know)
 * @param hold        how long that lock is held as written; null when not analysed
 * @param lockSource  where the lock level comes from: measured on an empty copy of the table, or
 *                    the manual's table (for forms a copy cannot run)
 * @param strategy    how Recast runs it
 * @param reason      why this strategy: for REFUSED, what to do instead
 * @param steps       the SQL Recast runs, in order, each with its own lock; empty when REFUSED
 * @param subCommands for ALTER TABLE, its sub-commands as written (what a REWRITE hands to the shadow engine)
 */
public record PlannedStatement(ScriptStatement source, String table, LockLevel lock, LockHold hold, String lockSource,
                               Strategy strategy, String reason, List<DdlStep> steps, List<String> subCommands) {
    public PlannedStatement {
        steps = List.copyOf(steps);
        subCommands = List.copyOf(subCommands);
    }

    public boolean refused() {
        return strategy == Strategy.REFUSED;
    }
}
