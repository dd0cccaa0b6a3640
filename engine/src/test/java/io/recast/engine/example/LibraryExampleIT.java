package io.recast.engine.example;

import static org.assertj.core.api.Assertions.assertThat;

import io.recast.engine.Recast;
import io.recast.engine.api.Alteration;
import io.recast.engine.api.CheckReport;
import io.recast.engine.api.MigrateOptions;
import io.recast.engine.api.MigrationListener;
import io.recast.engine.api.MigrationResult;
import io.recast.engine.api.RewriteOptions;
import io.recast.engine.api.RewriteResult;
import io.recast.engine.testkit.Db;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The README's "Using the engine as a library": the code between the markers is quoted there word
 * for word (the second test checks it), and runs here against the real server. It imports only the
 * API: {@code Recast} and {@code io.recast.engine.api}.
 */
class LibraryExampleIT {
    private static final Path SELF = Path.of("src/test/java/io/recast/engine/example/LibraryExampleIT.java");
    private static final Path README = Path.of("../README.md");

    @Test
    void repackAlterCheckAndMigrateThroughTheFacade() throws Exception {
        try (Db db = new Db()) {
            db.exec("CREATE TABLE " + db.q("orders") + " (id int PRIMARY KEY, note text)");
            db.exec("INSERT INTO " + db.q("orders") + " SELECT g, 'order ' || g FROM generate_series(1, 20000) g");
            db.exec("DELETE FROM " + db.q("orders") + " WHERE id % 2 = 0");
            String before = db.checksum("orders");
            DataSource dataSource = db.dataSource();
            String orders = db.q("orders");
            // example:start
            Recast recast = Recast.builder(dataSource).build();

            CheckReport check = recast.check(orders);                        // changes nothing
            RewriteResult repack = recast.repack(orders, RewriteOptions.builder().batchRows(5_000).build());
            RewriteResult alter = recast.alter(orders, Alteration.of("ALTER COLUMN id TYPE bigint"),
                    RewriteOptions.defaults());
            MigrationResult migrate = recast.migrate("CREATE INDEX orders_note ON " + orders + " (note);",
                    MigrateOptions.defaults(), RewriteOptions.defaults(), MigrationListener.NONE);
            // example:end

            assertThat(check.hardFailures()).isEmpty();
            assertThat(repack.rowsCopied()).isEqualTo(10_000);
            assertThat(repack.sizeAfter()).isLessThan(repack.sizeBefore());
            assertThat(alter.rowsCopied()).isEqualTo(10_000);
            assertThat(db.queryString("SELECT format_type(atttypid, atttypmod) FROM pg_attribute "
                    + "WHERE attrelid = ?::regclass AND attname = 'id'", orders)).isEqualTo("bigint");
            assertThat(migrate.succeeded()).isTrue();
            assertThat(db.queryLong("SELECT count(*) FROM pg_indexes WHERE schemaname = ? AND indexname = "
                    + "'orders_note'", db.schema())).isEqualTo(1);
            assertThat(db.checksum("orders")).isEqualTo(before);
            assertThat(db.artifacts()).isEqualTo(List.of());
        }
    }

    @Test
    void theReadmeQuotesTheExampleWordForWord() throws Exception {
        String self = Files.readString(SELF);
        String example = self.substring(self.indexOf("// example:start\n") + "// example:start\n".length(),
                self.indexOf("            // example:end")).stripTrailing().stripIndent().strip();
        assertThat(Files.readString(README)).as("README.md quotes the example of " + SELF).contains(example);
    }
}
