package io.recast.engine.internal.plan;

import io.recast.engine.api.Phase;
import io.recast.engine.api.PlannedStep;
import io.recast.engine.api.RewriteOptions;
import io.recast.engine.internal.backfill.BackfillSql;
import io.recast.engine.internal.catalog.TableDefinition;
import io.recast.engine.internal.changelog.ChangeLog;
import io.recast.engine.internal.changelog.ChangelogSql;
import io.recast.engine.internal.cutover.CutoverSql;
import io.recast.engine.internal.replay.ReplaySql;
import io.recast.engine.internal.runtime.ArtifactNames;
import io.recast.engine.internal.shadow.ShadowSql;
import io.recast.engine.internal.verify.Verifier;
import io.recast.engine.internal.verify.VerifySql;
import java.util.ArrayList;
import java.util.List;

/**
 * An eligible table, the names of its artifacts, and the steps a run will take.
 *
 * @param table the table; with {@code recast alter} its columns say where the copy writes them
 * @param alter with {@code recast alter}: the new table's definition and what it takes; else null
 */
public record RewritePlan(TableDefinition table, ArtifactNames names, RewriteOptions options,
                          io.recast.engine.internal.alter.AlterPlanner.Result alter) {

    /** A plan that rewrites the table as it is. */
    public RewritePlan(TableDefinition table, ArtifactNames names, RewriteOptions options) {
        this(table, names, options, null);
    }

    /** The new table's definition: the table's own for repack, the changed one for alter. */
    public TableDefinition target() {
        return alter == null ? table : alter.target();
    }

    /** ALTER TABLE statements applied to the new table right after it is created. */
    public List<String> shadowChanges() {
        return alter == null ? List.of() : alter.shadowChanges();
    }

    /** The new table's creation: the table's structure, then the changes. */
    public List<String> createShadow() {
        List<String> out = new ArrayList<>(ShadowSql.create(table, names));
        out.addAll(shadowChanges());
        return out;
    }

    /** Every step with its SQL and the lock it takes, as the run executes them. */
    public List<PlannedStep> steps() {
        TableDefinition t = table;
        ArtifactNames n = names;
        String lockTimeout = options.lockTimeout().toMillis() + "ms";
        List<PlannedStep> out = new ArrayList<>();
        out.add(new PlannedStep(Phase.PREPARE, "create the recast schema and job table if missing", "none",
                List.of(ChangelogSql.createSchema(), ChangelogSql.createJobs())));
        out.add(new PlannedStep(Phase.PREPARE, "create the change log and its trigger function", "none",
                List.of(ChangelogSql.createLog(t, n), ChangelogSql.createFunction(t, n))));
        out.add(new PlannedStep(Phase.PREPARE, alter == null ? "create the shadow table"
                : "create the shadow table and apply the changes to it", "none", createShadow()));
        out.add(new PlannedStep(Phase.PREPARE, "install the change-log triggers",
                "SHARE ROW EXCLUSIVE for milliseconds, lock_timeout " + lockTimeout + ", up to "
                        + options.maxAttempts() + " attempts", ChangeLog.triggerStatements(t, n)));
        out.add(new PlannedStep(Phase.BACKFILL, "copy in key order, " + options.batchRows()
                + " rows per transaction" + (options.maxRowsPerSecond() > 0 ? ", at most "
                + options.maxRowsPerSecond() + " rows/s" : ""), "ACCESS SHARE (reads only)",
                List.of(BackfillSql.nextBound(t, true), BackfillSql.copy(t, n, true, true), BackfillSql.progress())));
        out.add(new PlannedStep(Phase.INDEX, "build indexes and constraints on the shadow", "none",
                ShadowSql.afterBackfill(target(), n)));
        out.add(new PlannedStep(Phase.CATCH_UP, "replay the change log, " + options.replayRows()
                + " rows per transaction, until at most " + options.cutOverBacklog() + " wait; then analyze",
                "ACCESS SHARE (reads only)", List.of(ReplaySql.fetch(t, n), ReplaySql.deleteShadow(t, n),
                ReplaySql.insertShadow(t, n), ReplaySql.deleteLog(n), ShadowSql.analyze(n))));
        if (options.verify()) {
            out.add(new PlannedStep(Phase.VERIFY, "compare the shadow with the table in one REPEATABLE READ snapshot, "
                    + Verifier.CHUNK_ROWS + " keys per chunk, except the rows whose keys are "
                    + "in the change log; compare the rows replayed since in fresh snapshots, the last of them "
                    + "in the swap, after the log is drained", "ACCESS SHARE (reads only); one snapshot held "
                    + "for the whole pass", List.of(VerifySql.snapshot(),
                    VerifySql.loggedKeys(t, n),
                    VerifySql.nextBound(t, true),
                    VerifySql.fingerprint(t, n, true, true),
                    "-- only for a chunk whose fingerprints differ:",
                    VerifySql.differences(t, n, true, true),
                    "-- the rows replayed since (outside the lock; in the swap without the NOT EXISTS):",
                    VerifySql.compareKeys(t, n, true))));
        }
        List<String> swap = new ArrayList<>();
        swap.add(CutoverSql.lockTimeout(options.lockTimeout()));
        if (target().constraints().stream().anyMatch(k -> k.isForeignKey() && k.referencedOid() != null
                && k.referencedOid() != t.oid())) {
            swap.add("-- first LOCK TABLE <the tables its foreign keys reference> IN SHARE ROW EXCLUSIVE MODE");
        }
        swap.add(CutoverSql.lock(t, n));
        swap.add(CutoverSql.statementTimeout(options.maxLockHold()));
        swap.add("-- replay the rest of the log (statements above)");
        swap.addAll(CutoverSql.swap(t, target(), n, java.util.Map.of()));
        swap.add("COMMIT");
        out.add(new PlannedStep(Phase.CUT_OVER, "swap in one transaction", "ACCESS EXCLUSIVE: waits at most "
                + lockTimeout + ", held at most " + options.maxLockHold().toMillis() + "ms; up to "
                + options.maxAttempts() + " attempts", swap));
        List<String> after = new ArrayList<>(CutoverSql.validateForeignKeys(target()));
        if (!options.keepOld()) {
            after.add(CutoverSql.dropOld(n));
        }
        out.add(new PlannedStep(Phase.CLEANUP, "validate foreign keys" + (options.keepOld() ? "" : ", drop the old table"),
                "SHARE UPDATE EXCLUSIVE while validating", after));
        return out;
    }
}
