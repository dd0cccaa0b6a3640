package io.recast.engine.internal.cutover;

import io.recast.engine.api.CutoverOptions;
import io.recast.engine.api.RewriteException;
import io.recast.engine.internal.catalog.TableDefinition;
import io.recast.engine.internal.runtime.ArtifactNames;
import io.recast.engine.internal.runtime.Cancellation;
import io.recast.engine.internal.runtime.ShortLock;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Consumer;

/**
 * After the swap committed: the change log and its function dropped (the swap leaves them, to hold
 * its lock shorter), the foreign keys it added NOT VALID validated without blocking writes, then the
 * old table dropped, each under the short lock timeout. Neither undoes the swap: what fails
 * is reported with the statement that finishes it.
 */
public final class AfterSwap {
    private AfterSwap() {
    }

    /**
     * @param target the new table's definition
     * @param table  the table's name, for the advice
     * @return whether the old table is gone (false when kept, or when dropping it failed)
     */
    public static boolean run(Connection c, TableDefinition target, ArtifactNames n, String table, CutoverOptions o,
                              boolean keepOld, Cancellation cancel, Consumer<String> warn) {
        try {
            ShortLock.run(c, "drop the change log", CutoverSql.afterCommit(n), o.lockTimeout(), o.maxAttempts(), cancel,
                    warn);
        } catch (SQLException | RewriteException e) {
            warn.accept("the swap is done, but the change log " + n.qLog() + " could not be dropped (" + e.getMessage()
                    + "); run recast cleanup --table " + table);
        }
        for (String s : CutoverSql.validateForeignKeys(target)) {
            try {
                ShortLock.run(c, "validate foreign key", List.of(s), o.lockTimeout(), o.maxAttempts(), cancel, warn);
            } catch (SQLException | RewriteException e) {
                warn.accept("the swap is done, but a foreign key could not be validated (" + e.getMessage()
                        + "); it stays NOT VALID: run " + s);
            }
        }
        if (keepOld) {
            return false;
        }
        try {
            ShortLock.run(c, "drop the old table", List.of(CutoverSql.dropOld(n)), o.lockTimeout(), o.maxAttempts(),
                    cancel, warn);
            return true;
        } catch (SQLException | RewriteException e) {
            warn.accept("the swap is done, but the old table " + n.qOld() + " could not be dropped ("
                    + e.getMessage() + "); run recast cleanup --table " + table);
            return false;
        }
    }
}
