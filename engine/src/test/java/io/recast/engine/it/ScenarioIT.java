package io.recast.engine.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.recast.engine.Recast;
import io.recast.engine.api.NotEligibleException;
import io.recast.engine.api.RewriteOptions;
import io.recast.engine.testkit.Db;
import io.recast.engine.testkit.PgDump;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * One folder per table shape or dependent under {@code scenarios/}: {@code setup.sql} builds the
 * table {@code target} (or the one named in {@code table}) in the test's own schema;
 * {@code expect_failure}, when present, holds text the refusal must contain; {@code options} lists
 * options to set (rebuild_materialized_views); {@code after.sql}, run once everything is compared,
 * exercises the dependents on the new table (its ASSERTs must hold); {@code teardown.sql}
 * undoes what a schema drop does not; {@code min_version} is the lowest server_version_num the
 * scenario's SQL runs on. A scenario that succeeds must leave the schema's dump and
 * every table's rows as they were, give the table (each partition of a partitioned one) a new heap,
 * and leave nothing of ours; a refused
 * one must change nothing at all.
 */
class ScenarioIT {

    @TestFactory
    Stream<DynamicTest> scenarios() throws IOException, URISyntaxException {
        Path root = Path.of(ScenarioIT.class.getResource("/scenarios").toURI());
        List<Path> dirs;
        try (Stream<Path> s = Files.list(root)) {
            dirs = s.filter(Files::isDirectory).sorted().toList();
        }
        assertThat(dirs).hasSizeGreaterThan(20);
        return dirs.stream().map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> run(dir)));
    }

    private static void run(Path dir) throws Exception {
        try (Db db = new Db()) {
            Path minVersion = dir.resolve("min_version");
            if (Files.exists(minVersion)) {
                org.junit.jupiter.api.Assumptions.assumeTrue(db.serverVersion() >= Integer.parseInt(
                        Files.readString(minVersion).strip()), "needs server_version_num " + Files.readString(minVersion));
            }
            Path teardown = dir.resolve("teardown.sql");
            try {
                // pgjdbc sends everything after a BEGIN ATOMIC body as one command: "-- split" cuts the script
                for (String part : Files.readString(dir.resolve("setup.sql")).split("(?m)^-- split$")) {
                    db.exec(part);
                }
                String table = Files.exists(dir.resolve("table")) ? Files.readString(dir.resolve("table")).strip() : "target";
                String qualified = "\"" + db.schema() + "\"." + table;
                String dump = PgDump.schema(db, db.schema());
                String rows = fingerprints(db);
                List<String> filenodes = filenodes(db, qualified);
                RewriteOptions.Builder options = RewriteOptions.builder().batchRows(500);
                if (Files.exists(dir.resolve("options"))) {
                    for (String o : Files.readAllLines(dir.resolve("options"))) {
                        switch (o.strip()) {
                            case "rebuild_materialized_views" -> options.rebuildMaterializedViews(true);
                            case "" -> { }
                            default -> throw new IllegalArgumentException("unknown option in " + dir + ": " + o);
                        }
                    }
                }
                Path failure = dir.resolve("expect_failure");
                if (Files.exists(failure)) {
                    Throwable e = org.assertj.core.api.Assertions.catchThrowable(() ->
                            Recast.builder(db.dataSource()).build().repack(qualified, options.build()));
                    assertThat(e).as("refusal of " + dir.getFileName()).isInstanceOf(NotEligibleException.class);
                    for (String expected : Files.readAllLines(failure)) {
                        if (!expected.isBlank()) {
                            assertThat(e.getMessage()).contains(expected.strip());
                        }
                    }
                    assertThat(filenodes(db, qualified)).isEqualTo(filenodes);
                } else {
                    Recast.builder(db.dataSource()).build().repack(qualified, options.build());
                    List<String> after = filenodes(db, qualified);
                    assertThat(after).as("the same tables").hasSameSizeAs(filenodes);
                    for (int i = 0; i < after.size(); i++) {
                        assertThat(after.get(i)).as("a new heap").isNotEqualTo(filenodes.get(i));
                    }
                }
                assertThat(PgDump.schema(db, db.schema())).isEqualTo(dump);
                assertThat(fingerprints(db)).isEqualTo(rows);
                assertThat(db.artifacts()).isEmpty();
                if (Files.exists(dir.resolve("after.sql"))) {
                    db.exec(Files.readString(dir.resolve("after.sql")));
                }
            } finally {
                if (Files.exists(teardown)) {
                    db.exec(Files.readString(teardown));
                }
            }
        }
    }

    /** The heap file of the table, or of each leaf partition of a partitioned table, by name. */
    private static List<String> filenodes(Db db, String qualified) throws Exception {
        List<String> out = db.queryList("SELECT c.relname || '=' || pg_relation_filenode(c.oid) FROM pg_class c "
                + "WHERE c.oid IN (SELECT relid FROM pg_partition_tree(?::regclass) WHERE isleaf) "
                + "OR (c.oid = ?::regclass AND c.relkind <> 'p') ORDER BY c.relname", qualified, qualified);
        assertThat(out).as("heaps of " + qualified).isNotEmpty();
        return out;
    }

    /**
     * Every table of the schema with its row fingerprint, in name order, and its publication
     * memberships (which a schema-only pg_dump -n leaves out).
     */
    private static String fingerprints(Db db) throws Exception {
        List<String> out = new ArrayList<>(db.queryList("SELECT (to_jsonb(pt) - 'schemaname')::text "
                + "FROM pg_publication_tables pt WHERE pt.schemaname = ? ORDER BY 1", db.schema()));
        for (String t : db.queryList("SELECT quote_ident(relname) FROM pg_class WHERE relnamespace = ?::regnamespace "
                + "AND relkind IN ('r', 'p') ORDER BY relname", db.schema())) {
            out.add(t + "=" + db.checksum("\"" + db.schema() + "\"." + t));
        }
        return String.join("\n", out);
    }
}
