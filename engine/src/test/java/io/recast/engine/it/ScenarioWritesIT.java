package io.recast.engine.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.recast.engine.Recast;
import io.recast.engine.testkit.Db;
import io.recast.engine.testkit.PgDump;
import io.recast.engine.testkit.PhaseLoad;
import io.recast.engine.testkit.Writers;
import java.io.IOException;
import java.net.URISyntaxException;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every scenario that repacks (see {@link Scenario}) once more, under writes: {@link Writers} driven by
 * the scenario's own key and column types write the table and a twin in the same transactions while
 * the table is rewritten, and {@link PhaseLoad} makes sure they commit during the backfill (between
 * its batches), the index builds, the catch-up and the cut-over before its swap. Afterwards the
 * table must equal its twin row for row, its definition must be what it was, its heap new, and
 * nothing of ours left; no writer may have met a deadlock, a serialization failure or any other error.
 */
class ScenarioWritesIT {
    /** Commits the run waits for at the start of each phase. */
    private static final int PER_PHASE = 10;
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TestFactory
    Stream<DynamicTest> scenariosUnderWrites() throws IOException, URISyntaxException {
        return Scenario.tests(ScenarioWritesIT::run);
    }

    private static void run(Scenario scenario) throws Exception {
        assumeTrue(scenario.expectedFailure() == null, "refused: nothing to write during");
        String noWrites = scenario.noWrites();
        assumeTrue(noWrites == null, () -> "not under writes: " + noWrites);
        try (Db db = new Db()) {
            scenario.assumeServer(db);
            try {
                scenario.setup(db);
                String table = scenario.table(db);
                String twin = "\"" + db.schema() + "\".recast_test_twin";
                try (Connection c = db.dataSource().getConnection()) {
                    Writers.createTwin(c, table, twin);
                }
                String dump = PgDump.schema(db, db.schema());
                List<String> heaps = Scenario.heaps(db, table);
                try (Writers w = Writers.twin(db.dataSource(), table, twin, scenario.writers(), scenario.name().hashCode(),
                        Duration.ZERO)) {
                    w.awaitTransactions(PER_PHASE, WAIT);
                    PhaseLoad load = new PhaseLoad(w, PER_PHASE, WAIT);
                    Recast.builder(db.dataSource()).listener(load).build().repack(table, scenario.options().build());
                    w.awaitTransactions(w.transactions() + PER_PHASE, WAIT);
                    w.close();
                    assertThat(w.errors()).as("writer errors (deadlocks: %d)", w.deadlocks()).isEmpty();
                    load.assertLoaded();
                }
                assertThat(db.checksum(table)).as("the table against its twin: %s", db.difference(table, twin))
                        .isEqualTo(db.checksum(twin));
                assertThat(PgDump.schema(db, db.schema())).isEqualTo(dump);
                Scenario.assertNewHeaps(db, table, heaps);
                assertThat(db.artifacts()).isEmpty();
            } finally {
                scenario.teardown(db);
            }
        }
    }
}
