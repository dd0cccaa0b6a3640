package io.recast.engine.internal.ddl;

import java.util.List;

/**
 * A statement as far as the planner reads it: its type, the name it touches (as written, for the
 * server to resolve) and, for ALTER TABLE, its sub-commands.
 *
 * @param name               the table (or, for REINDEX INDEX and DROP INDEX, the index) as written,
 *                           e.g. {@code public."Orders"}; null when there is none
 * @param concurrently       it says CONCURRENTLY already
 * @param concurrentlyOffset where " CONCURRENTLY" goes into the text to make it concurrent; -1 if nowhere
 * @param refusal            for {@link Type#REFUSED}, why
 */
record ParsedStatement(Type type, String name, List<SubCommand> subCommands, boolean concurrently,
                       int concurrentlyOffset, String refusal) {
    enum Type {
        ALTER_TABLE, CREATE_INDEX, REINDEX_INDEX, REINDEX_TABLE, DROP_INDEX, COMMENT_ON_TABLE, COMMENT_ON_COLUMN,
        /** VACUUM FULL and CLUSTER: a rewrite under ACCESS EXCLUSIVE of the table as it is. */
        FULL_REWRITE,
        /** Anything else: run as written under a short lock_timeout. */
        OTHER,
        REFUSED
    }

    ParsedStatement {
        subCommands = List.copyOf(subCommands);
    }

    static ParsedStatement of(Type type, String name) {
        return new ParsedStatement(type, name, List.of(), false, -1, null);
    }

    static ParsedStatement refused(String why) {
        return new ParsedStatement(Type.REFUSED, null, List.of(), false, -1, why);
    }
}
