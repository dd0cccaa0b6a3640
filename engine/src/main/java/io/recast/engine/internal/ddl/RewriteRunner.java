package io.recast.engine.internal.ddl;

import io.recast.engine.api.RewriteException;
import io.recast.engine.api.RewriteResult;
import io.recast.engine.api.Strategy;
import java.util.List;

/**
 * The shadow engine as {@code recast migrate} needs it, for statements planned
 * {@link Strategy#REWRITE}: applies ALTER TABLE sub-commands to a table online (the table stays
 * readable and writable; ACCESS EXCLUSIVE only for the swap). {@code recast alter} provides it;
 * without one, {@link DdlMigrations#migrate} refuses a plan that holds a REWRITE statement before
 * running anything.
 */
@FunctionalInterface
public interface RewriteRunner {
    /**
     * Applies the sub-commands to the table, in order, as one ALTER TABLE would.
     *
     * @param table            the table, quoted and qualified as the planner resolved it: {@code "public"."orders"}
     * @param alterSubCommands the statement's sub-commands as written in the file, in order, without
     *                         {@code ALTER TABLE name}: {@code ALTER COLUMN id TYPE bigint},
     *                         {@code ADD COLUMN created timestamptz DEFAULT clock_timestamp()}
     * @return the run's result
     * @throws RewriteException on failure, with the table as it was (a failure before
     *                                           the swap removes everything the run made)
     */
    RewriteResult rewrite(String table, List<String> alterSubCommands);
}
