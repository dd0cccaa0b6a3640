package io.recast.engine.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.recast.engine.api.RewriteOptions;
import io.recast.engine.testkit.Db;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.function.ThrowingConsumer;

/**
 * One folder of {@code scenarios/}: {@code setup.sql} builds the table {@code target} (or the one
 * named in {@code table}) in the test's own schema; {@code expect_failure}, when present, holds text
 * the refusal must contain; {@code options} lists options to set (rebuild_materialized_views);
 * {@code after.sql}, run once everything is compared, exercises the dependents on the new table
 * (its ASSERTs must hold); {@code teardown.sql} undoes what a schema drop does not;
 * {@code min_version} is the lowest server_version_num the scenario's SQL runs on, {@code max_version}
 * the highest its outcome holds for;
 * {@code no_writes} says why the scenario cannot run under the twin writers; {@code writers} how many
 * writer threads it gets (2 unless told: a table with a foreign key to itself gets 1, as two writers
 * each locking a row and the row it references can deadlock each other, with or without a rewrite).
 */
record Scenario(Path dir) {

    static List<Scenario> all() throws IOException, URISyntaxException {
        Path root = Path.of(Scenario.class.getResource("/scenarios").toURI());
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(Files::isDirectory).sorted().map(Scenario::new).toList();
        }
    }

    /** One dynamic test per scenario, each run by {@code run}. */
    static Stream<DynamicTest> tests(ThrowingConsumer<Scenario> run) throws IOException, URISyntaxException {
        List<Scenario> all = all();
        assertThat(all).hasSizeGreaterThan(20);
        // -Dscenario=NAME (a substring) runs only the matching ones, while working on them
        String only = System.getProperty("scenario", "");
        return all.stream().filter(s -> s.name().contains(only))
                .map(s -> DynamicTest.dynamicTest(s.name(), () -> run.accept(s)));
    }

    /** The heap file of the table, or of each leaf partition of a partitioned table, by name. */
    static List<String> heaps(Db db, String qualified) throws Exception {
        List<String> out = db.queryList("SELECT c.relname || '=' || pg_relation_filenode(c.oid) FROM pg_class c "
                + "WHERE c.oid IN (SELECT relid FROM pg_partition_tree(?::regclass) WHERE isleaf) "
                + "OR (c.oid = ?::regclass AND c.relkind <> 'p') ORDER BY c.relname", qualified, qualified);
        assertThat(out).as("heaps of " + qualified).isNotEmpty();
        return out;
    }

    /** The same tables as {@code before} (from {@link #heaps}), each with a new heap. */
    static void assertNewHeaps(Db db, String qualified, List<String> before) throws Exception {
        List<String> after = heaps(db, qualified);
        assertThat(after).as("the same tables").hasSameSizeAs(before);
        for (int i = 0; i < after.size(); i++) {
            assertThat(after.get(i)).as("a new heap").isNotEqualTo(before.get(i));
        }
    }

    String name() {
        return dir.getFileName().toString();
    }

    /** Skips the test, visibly, on a server older than the scenario needs. */
    void assumeServer(Db db) throws Exception {
        String min = read("min_version");
        if (min != null) {
            assumeTrue(db.serverVersion() >= Integer.parseInt(min.strip()), "needs server_version_num " + min.strip());
        }
        String max = read("max_version");
        if (max != null) {
            assumeTrue(db.serverVersion() <= Integer.parseInt(max.strip()), "holds up to server_version_num "
                    + max.strip());
        }
    }

    void setup(Db db) throws Exception {
        // pgjdbc sends everything after a BEGIN ATOMIC body as one command: "-- split" cuts the script
        for (String part : read("setup.sql").split("(?m)^-- split$")) {
            db.exec(part);
        }
    }

    void teardown(Db db) throws Exception {
        String teardown = read("teardown.sql");
        if (teardown != null) {
            db.exec(teardown);
        }
    }

    /** The scenario's table, qualified with the test's schema. */
    String table(Db db) throws IOException {
        String table = read("table");
        return "\"" + db.schema() + "\"." + (table == null ? "target" : table.strip());
    }

    RewriteOptions.Builder options() throws IOException {
        RewriteOptions.Builder options = RewriteOptions.builder().batchRows(500);
        String lines = read("options");
        for (String o : lines == null ? List.<String>of() : lines.lines().toList()) {
            switch (o.strip()) {
                case "rebuild_materialized_views" -> options.rebuildMaterializedViews(true);
                case "" -> { }
                default -> throw new IllegalArgumentException("unknown option in " + dir + ": " + o);
            }
        }
        return options;
    }

    /** The lines the refusal must contain, or null when the scenario must succeed. */
    List<String> expectedFailure() throws IOException {
        String text = read("expect_failure");
        return text == null ? null : text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    /** How many writer threads write the table under writes. */
    int writers() throws IOException {
        String text = read("writers");
        return text == null ? 2 : Integer.parseInt(text.strip());
    }

    /** Why the scenario does not run under writes, or null. */
    String noWrites() throws IOException {
        String text = read("no_writes");
        return text == null ? null : text.strip();
    }

    String read(String file) throws IOException {
        Path p = dir.resolve(file);
        return Files.exists(p) ? Files.readString(p) : null;
    }
}
