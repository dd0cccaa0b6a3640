package io.recast.benchmarks;

import io.recast.engine.api.Phase;
import io.recast.engine.testkit.StepHarness;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Rows per second of the backfill's hot path against the local server: the engine's own backfill
 * loop ({@link StepHarness#backfill}: keyset bound query, INSERT ... SELECT of the range, progress
 * UPDATE, commit per batch) copying {@value #ROWS} rows into a fresh shadow, for several batch
 * sizes, with the shadow bare (as the engine fills it) or carrying the key index (what a unique index for idempotence
 * would cost). The peer {@link #insertSelect} copies the whole table in one INSERT ... SELECT, the
 * lower bound the batched copy is read against.
 *
 * <p>One invocation copies the whole table and takes seconds, so each iteration is one invocation
 * (iteration time 1 ms: JMH stops after the first call) and the shadow is recreated, outside the
 * measured time, before every invocation. Scores are rows/s (JMH prints "ops/s": one op is one
 * row).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 3, time = 1, timeUnit = TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
public class BatchCopyBenchmark {
    /** Rows in the source table; a compile-time constant for {@code @OperationsPerInvocation}. */
    static final int ROWS = 500_000;

    /** The source table, the engine's view of it, and a fresh shadow before every invocation. */
    @State(Scope.Benchmark)
    public static class Shadow {
        /** "none": the shadow as the engine fills it; "pk": the key index exists during the copy. */
        @Param({"none", "pk"})
        public String shadowIndex;

        Connection c;
        StepHarness steps;
        long jobId;
        long copied;

        @Setup(Level.Trial)
        public void trial() throws SQLException {
            BenchDatabase.ensureDatabase();
            c = BenchDatabase.open("backfill");
            BenchDatabase.ensureSource(c, ROWS);
            steps = StepHarness.inspect(c, BenchDatabase.qualifiedSource());
            steps.ensureSchema();
            steps.dropShadow();
            jobId = steps.insertJob(Phase.BACKFILL);
        }

        /**
         * Drops and recreates the shadow exactly as the engine does, adds the key index when asked,
         * and checkpoints, so every copy starts from an empty table and a clean WAL position.
         */
        @Setup(Level.Invocation)
        public void freshShadow() throws SQLException {
            copied = -1;
            steps.dropShadow();
            steps.createShadow("pk".equals(shadowIndex));
            BenchDatabase.exec(c, "CHECKPOINT");
        }

        /**
         * Fails the run if a copy lost or doubled rows: a fast wrong copy is no result. Runs after
         * each invocation, outside the measured time.
         */
        @TearDown(Level.Invocation)
        public void verify() throws SQLException {
            long inShadow = steps.shadowRows();
            if (copied != ROWS || inShadow != ROWS) {
                throw new IllegalStateException("copied " + copied + " rows, shadow holds " + inShadow
                        + ", source holds " + ROWS);
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() throws SQLException {
            try {
                steps.dropShadow();
                steps.deleteJob(jobId);
            } finally {
                StepHarness.closeSession(c);
            }
        }
    }

    /** Kept apart from {@link Shadow} so that the single-statement peer is not run once per batch size. */
    @State(Scope.Benchmark)
    public static class Batches {
        @Param({"1000", "10000", "50000"})
        public int batchSize;
    }

    /** The engine's backfill loop, unthrottled, over the whole table. */
    @Benchmark
    @OperationsPerInvocation(ROWS)
    public long batchCopy(Shadow s, Batches b) throws SQLException {
        s.copied = s.steps.backfill(s.jobId, b.batchSize);
        return s.copied;
    }

    /** The lower bound: the engine's copy statement without bounds, one statement, one commit. */
    @Benchmark
    @OperationsPerInvocation(ROWS)
    public long insertSelect(Shadow s) throws SQLException {
        s.copied = s.steps.insertSelect();
        return s.copied;
    }
}
