package io.recast.engine.internal.backfill;

import io.recast.engine.api.Phase;
import io.recast.engine.internal.catalog.KeyRangeSql;
import io.recast.engine.internal.catalog.TableDefinition;
import io.recast.engine.internal.job.JobTable;
import io.recast.engine.internal.runtime.ArtifactNames;
import io.recast.engine.internal.runtime.BetweenBatches;
import io.recast.engine.internal.runtime.Cancellation;
import io.recast.engine.internal.runtime.Progress;
import io.recast.engine.internal.sql.Jdbc;
import io.recast.engine.internal.throttle.ThrottleDecision;
import io.recast.engine.internal.throttle.Throttler;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Copies the table into the shadow in key order, one short READ COMMITTED transaction per batch,
 * so no snapshot is held for longer than a batch and vacuum keeps working.
 *
 * <p>The shadow has no index while it fills: the batch and its progress record commit together,
 * so a batch is never applied twice and needs no unique index to stay idempotent. Rows changed
 * after a batch read them are in the change log and are replayed once the backfill is done.
 */
public final class Backfill {
    private final TableDefinition table;
    private final ArtifactNames names;
    private final BatchSizer sizer;
    private final BetweenBatches between;
    private final String firstBound;
    private final String nextBound;

    /** A fixed batch size and no throttle signals (the benchmarks). */
    public Backfill(TableDefinition table, ArtifactNames names, int batchRows) {
        this(table, names, new BatchSizer(batchRows, Duration.ZERO, batchRows, batchRows), BetweenBatches.NONE);
    }

    /** @param between called after each batch but the last: job control and throttle signals */
    public Backfill(TableDefinition table, ArtifactNames names, BatchSizer sizer, BetweenBatches between) {
        this.table = table;
        this.names = names;
        this.sizer = sizer;
        this.between = between;
        this.firstBound = KeyRangeSql.nextBound(table, false);
        this.nextBound = KeyRangeSql.nextBound(table, true);
    }

    /** One committed batch: rows copied, and its upper bound (none for the last batch). */
    private record Batch(long copied, Optional<List<String>> upper) {
    }

    /** Finds the batch's upper bound, copies the range and records the progress, in the caller's transaction. */
    private Batch copyBatch(Connection c, List<String> lower, long jobId) throws SQLException {
        int keys = table.key().size();
        List<Object> params = new ArrayList<>();
        if (lower != null) {
            params.addAll(lower);
        }
        params.add(sizer.size() - 1);
        Optional<List<String>> upper = Jdbc.queryOne(c, lower == null ? firstBound : nextBound, Jdbc.texts(keys),
                params.toArray());
        List<Object> copyParams = new ArrayList<>();
        if (lower != null) {
            copyParams.addAll(lower);
        }
        upper.ifPresent(copyParams::addAll);
        long copied = Jdbc.update(c, "backfill", BackfillSql.copy(table, names, lower != null, upper.isPresent()),
                copyParams.toArray());
        JobTable.copied(c, jobId, copied, upper.map(u -> u.toArray(String[]::new)).orElse(null));
        if (upper.isEmpty()) {
            // with the last batch: a job that stops now goes on with the indexes, never copies again
            JobTable.phase(c, jobId, Phase.INDEX);
        }
        return new Batch(copied, upper);
    }

    public void run(Connection c, long jobId, Throttler throttler, Progress progress, Cancellation cancel)
            throws SQLException {
        run(c, jobId, throttler, progress, cancel, null);
    }

    /**
     * As {@link #run(Connection, long, Throttler, Progress, Cancellation)}, after the key {@code after}
     * (the last key a resumed job had copied, committed with its batch), or from the start when null.
     */
    public void run(Connection c, long jobId, Throttler throttler, Progress progress, Cancellation cancel,
                    List<String> after) throws SQLException {
        List<String> lower = after;
        throttler.start();
        while (true) {
            cancel.check();
            List<String> from = lower;
            cancel.running(c);
            Batch batch;
            Instant started = progress.now();
            try {
                batch = Jdbc.transaction(c, () -> copyBatch(c, from, jobId));
            } finally {
                cancel.running(null);
            }
            long copied = batch.copied();
            Optional<List<String>> upper = batch.upper();
            Duration took = Duration.between(started, progress.now());
            progress.copied(copied, took);
            if (upper.isEmpty()) {
                return;
            }
            lower = upper.get();
            sizer.next(copied, took);
            between.between(progress, cancel);
            ThrottleDecision d = throttler.decide(copied);
            if (d.pause()) {
                progress.throttle(d.reason());
                cancel.sleep(d.delay());
                progress.throttle(null);
            }
        }
    }
}
