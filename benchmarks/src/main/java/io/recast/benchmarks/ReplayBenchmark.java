package io.recast.benchmarks;

import io.recast.engine.testkit.StepHarness;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Can replay keep up with writes? {@link #replay} applies {@value #LOGGED} logged keys with the
 * engine's own replayer ({@link StepHarness#replayAll}: batches of 5,000, one transaction each)
 * into an indexed shadow: keys/s. The peers, measured in the same run on the same table:
 * {@link #loggedWrites}, single-row UPDATE transactions from one session while the change-log
 * trigger is installed (what one application connection produces), and {@link #plainWrites}, the
 * same on an identical table without the trigger (their ratio is the trigger's cost per write).
 * Scores are operations/s.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1, time = 1, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 1, timeUnit = TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
public class ReplayBenchmark {
    static final int ROWS = 200_000;
    static final int LOGGED = 20_000;
    static final int WRITES = 2_000;

    /** A source table with the change-log trigger and an indexed shadow, and an identical plain table. */
    public abstract static class Tables {
        Connection c;
        Connection app;
        StepHarness steps;
        String plain;
        int round;

        @Setup(Level.Trial)
        public void trial() throws SQLException {
            BenchDatabase.ensureDatabase();
            c = BenchDatabase.open("replay");
            app = BenchDatabase.dataSource(BenchDatabase.DATABASE).getConnection();
            String schema = StepHarness.ident(BenchDatabase.SCHEMA);
            BenchDatabase.exec(c, "CREATE SCHEMA IF NOT EXISTS " + schema);
            plain = schema + ".replay_plain";
            String src = schema + ".replay_src";
            for (String t : List.of(src, plain)) {
                BenchDatabase.exec(c, "DROP TABLE IF EXISTS " + t);
                BenchDatabase.exec(c, "CREATE TABLE " + t + " (id bigint PRIMARY KEY, customer_id bigint NOT NULL, "
                        + "status text NOT NULL, amount numeric(12,2) NOT NULL, note text)");
                BenchDatabase.exec(c, "INSERT INTO " + t + " SELECT g, g % 10007, 'new', g / 100.0, md5(g::text) "
                        + "FROM generate_series(1, " + ROWS + ") g");
                BenchDatabase.exec(c, "VACUUM ANALYZE " + t);
            }
            steps = StepHarness.inspect(c, BenchDatabase.SCHEMA + ".replay_src");
            steps.ensureSchema();
            steps.createShadow(false);
            steps.fillShadow();
            steps.installChangeLog();
        }

        @TearDown(Level.Trial)
        public void tearDown() throws SQLException {
            try {
                steps.removeChangeLog();
                steps.dropShadow();
            } finally {
                app.close();
                StepHarness.closeSession(c);
            }
        }
    }

    /** The tables for the write peers. */
    @State(Scope.Benchmark)
    public static class Writing extends Tables {
    }

    /** The tables, with {@value #LOGGED} keys logged before every replay, outside the measured time. */
    @State(Scope.Benchmark)
    public static class Logged extends Tables {
        /** Logs {@value #LOGGED} distinct keys (one UPDATE statement). */
        @Setup(Level.Invocation)
        public void log() throws SQLException {
            round++;
            BenchDatabase.exec(c, "UPDATE " + steps.qualifiedTable() + " SET note = md5(note) WHERE id % "
                    + (ROWS / LOGGED) + " = " + (round % (ROWS / LOGGED)));
        }

        @TearDown(Level.Invocation)
        public void verify() throws SQLException {
            long left = steps.backlog();
            if (left != 0) {
                throw new IllegalStateException(left + " log rows were not replayed");
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(LOGGED)
    public int replay(Logged s) throws SQLException {
        return s.steps.replayAll(5_000);
    }

    @Benchmark
    @OperationsPerInvocation(WRITES)
    public void loggedWrites(Writing s) throws SQLException {
        writes(s.app, s.steps.qualifiedTable());
    }

    @Benchmark
    @OperationsPerInvocation(WRITES)
    public void plainWrites(Writing s) throws SQLException {
        writes(s.app, s.plain);
    }

    private static void writes(Connection c, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + table + " SET amount = amount + 1 WHERE id = ?")) {
            for (int i = 0; i < WRITES; i++) {
                ps.setLong(1, 1 + ThreadLocalRandom.current().nextInt(ROWS));
                ps.executeUpdate();
            }
        }
    }
}
