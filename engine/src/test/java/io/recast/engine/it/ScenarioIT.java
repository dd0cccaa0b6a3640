package io.recast.engine.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.recast.engine.Recast;
import io.recast.engine.api.NotEligibleException;
import io.recast.engine.api.RewriteOptions;
import io.recast.engine.testkit.Db;
import io.recast.engine.testkit.PgDump;
import java.io.IOException;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every scenario of {@code scenarios/} (see {@link Scenario}), without writes. A scenario that
 * succeeds must leave the schema's dump and every table's rows as they were, give the table (each
 * partition of a partitioned one) a new heap, and leave nothing of ours; a refused one must change
 * nothing at all. {@link ScenarioWritesIT} runs each again under writes.
 */
class ScenarioIT {

    @TestFactory
    Stream<DynamicTest> scenarios() throws IOException, URISyntaxException {
        return Scenario.tests(ScenarioIT::run);
    }

    private static void run(Scenario scenario) throws Exception {
        try (Db db = new Db()) {
            scenario.assumeServer(db);
            try {
                scenario.setup(db);
                String qualified = scenario.table(db);
                String dump = PgDump.schema(db, db.schema());
                String rows = fingerprints(db);
                List<String> heaps = Scenario.heaps(db, qualified);
                RewriteOptions.Builder options = scenario.options();
                List<String> failure = scenario.expectedFailure();
                if (failure != null) {
                    Throwable e = org.assertj.core.api.Assertions.catchThrowable(() ->
                            Recast.builder(db.dataSource()).build().repack(qualified, options.build()));
                    assertThat(e).as("refusal of " + scenario.name()).isInstanceOf(NotEligibleException.class);
                    for (String expected : failure) {
                        assertThat(e.getMessage()).contains(expected);
                    }
                    assertThat(Scenario.heaps(db, qualified)).isEqualTo(heaps);
                } else {
                    Recast.builder(db.dataSource()).build().repack(qualified, options.build());
                    Scenario.assertNewHeaps(db, qualified, heaps);
                }
                assertThat(PgDump.schema(db, db.schema())).isEqualTo(dump);
                assertThat(fingerprints(db)).isEqualTo(rows);
                assertThat(db.artifacts()).isEmpty();
                String afterSql = scenario.read("after.sql");
                if (afterSql != null) {
                    db.exec(afterSql);
                }
            } finally {
                scenario.teardown(db);
            }
        }
    }

    /**
     * Every table and populated materialized view of the schema with its row fingerprint, every
     * sequence with its last_value and is_called, in name order, and the publication memberships
     * (all of which a schema-only pg_dump -n leaves out).
     */
    private static String fingerprints(Db db) throws Exception {
        List<String> out = new ArrayList<>(db.queryList("SELECT (to_jsonb(pt) - 'schemaname')::text "
                + "FROM pg_publication_tables pt WHERE pt.schemaname = ? ORDER BY 1", db.schema()));
        for (String t : db.queryList("SELECT relkind::text || ' ' || quote_ident(relname) FROM pg_class "
                + "WHERE relnamespace = ?::regnamespace AND relkind IN ('r', 'p', 'm', 'S') ORDER BY relname", db.schema())) {
            String qualified = "\"" + db.schema() + "\"." + t.substring(2);
            if (t.startsWith("S ")) {
                out.add(t + "=" + db.queryString("SELECT last_value || '/' || is_called FROM " + qualified));
            } else if (t.startsWith("m ") && !"true".equals(db.queryString("SELECT relispopulated::text FROM pg_class "
                    + "WHERE oid = ?::regclass", qualified))) {
                out.add(t + "=not populated");
            } else {
                out.add(t + "=" + db.checksum(qualified));
            }
        }
        return String.join("\n", out);
    }
}
