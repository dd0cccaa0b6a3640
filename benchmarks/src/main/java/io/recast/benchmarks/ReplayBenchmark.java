package io.recast.benchmarks;

import io.recast.engine.internal.catalog.TableDefinition;
import io.recast.engine.internal.catalog.TableInspector;
import io.recast.engine.internal.changelog.ChangeLog;
import io.recast.engine.internal.replay.Replayer;
import io.recast.engine.internal.runtime.ArtifactNames;
import io.recast.engine.internal.runtime.Cancellation;
import io.recast.engine.internal.shadow.ShadowSql;
import io.recast.engine.internal.sql.Jdbc;
import io.recast.engine.internal.sql.Sessions;
import io.recast.engine.internal.sql.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
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
 * engine's own {@link Replayer} (batches of 5,000, one transaction each) into an indexed shadow:
 * keys/s. The peers, measured in the same run on the same table: {@link #loggedWrites}, single-row
 * UPDATE transactions from one session while the change-log trigger is installed (what one
 * application connection produces), and {@link #plainWrites}, the same on an identical table
 * without the trigger (their ratio is the trigger's cost per write). Scores are operations/s.
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
        TableDefinition table;
        ArtifactNames names;
        Replayer replayer;
        String plain;
        int round;

        @Setup(Level.Trial)
        public void trial() throws SQLException {
            BenchDatabase.ensureDatabase();
            c = BenchDatabase.open("replay");
            app = BenchDatabase.dataSource(BenchDatabase.DATABASE).getConnection();
            String schema = Sql.ident(BenchDatabase.SCHEMA);
            Jdbc.exec(c, "bench", "CREATE SCHEMA IF NOT EXISTS " + schema);
            plain = schema + ".replay_plain";
            String src = schema + ".replay_src";
            for (String t : List.of(src, plain)) {
                Jdbc.exec(c, "bench", "DROP TABLE IF EXISTS " + t);
                Jdbc.exec(c, "bench", "CREATE TABLE " + t + " (id bigint PRIMARY KEY, customer_id bigint NOT NULL, "
                        + "status text NOT NULL, amount numeric(12,2) NOT NULL, note text)");
                Jdbc.exec(c, "bench", "INSERT INTO " + t + " SELECT g, g % 10007, 'new', g / 100.0, md5(g::text) "
                        + "FROM generate_series(1, " + ROWS + ") g");
                Jdbc.exec(c, "bench", "VACUUM ANALYZE " + t);
            }
            TableInspector inspector = new TableInspector();
            long oid = inspector.resolve(c, BenchDatabase.SCHEMA + ".replay_src");
            table = inspector.inspect(c, oid);
            names = new ArtifactNames(oid);
            ChangeLog.ensureSchema(c);
            ChangeLog.createLog(c, table, names);
            for (String s : ShadowSql.create(table, names)) {
                Jdbc.exec(c, "bench", s);
            }
            Jdbc.exec(c, "bench", "INSERT INTO " + names.qShadow() + " SELECT * FROM " + src);
            for (String s : ShadowSql.afterBackfill(table, names)) {
                Jdbc.exec(c, "bench", s);
            }
            ChangeLog.installTriggers(c, table, names, Duration.ofSeconds(5), 3, new Cancellation(), m -> { });
            replayer = new Replayer(table, names);
        }

        @TearDown(Level.Trial)
        public void tearDown() throws SQLException {
            try {
                for (String s : io.recast.engine.internal.changelog.ChangelogSql.dropTriggers(table.qualified(), names)) {
                    Jdbc.exec(c, "bench", s);
                }
                Jdbc.exec(c, "bench", ShadowSql.drop(names));
                Jdbc.exec(c, "bench", io.recast.engine.internal.changelog.ChangelogSql.dropLog(names));
                Jdbc.exec(c, "bench", io.recast.engine.internal.changelog.ChangelogSql.dropFunction(names));
            } finally {
                app.close();
                Sessions.close(c);
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
            Jdbc.exec(c, "bench", "UPDATE " + table.qualified() + " SET note = md5(note) WHERE id % "
                    + (ROWS / LOGGED) + " = " + (round % (ROWS / LOGGED)));
        }

        @TearDown(Level.Invocation)
        public void verify() throws SQLException {
            long left = ChangeLog.backlog(c, names);
            if (left != 0) {
                throw new IllegalStateException(left + " log rows were not replayed");
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(LOGGED)
    public int replay(Logged s) throws SQLException {
        int total = 0;
        s.c.setAutoCommit(false);
        try {
            int n;
            while ((n = s.replayer.applyBatch(s.c, 5_000)) > 0) {
                s.c.commit();
                total += n;
            }
            s.c.commit();
        } finally {
            s.c.setAutoCommit(true);
        }
        return total;
    }

    @Benchmark
    @OperationsPerInvocation(WRITES)
    public void loggedWrites(Writing s) throws SQLException {
        writes(s.app, s.table.qualified());
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
