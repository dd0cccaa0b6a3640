package io.recast.engine.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.recast.engine.Recast;
import io.recast.engine.api.DatabaseException;
import io.recast.engine.api.RewriteOptions;
import io.recast.engine.testkit.Db;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A disk that cannot hold the new table (issue 13): the table lives in a tablespace on a 2 MB tmpfs
 * that holds it once but not twice. The run stops with the disk-full error, naming the tablespace
 * and the space the new table needs, removes what it made (which frees the space), and leaves the
 * table as it was and writable. Needs root (to mount the tmpfs) and the server on this machine;
 * skipped, with the reason, without them.
 */
class DiskFullIT {

    @Test
    void aFullDiskStopsTheRunCleanlyAndNamesTheTablespace() throws Exception {
        try (Db db = new Db()) {
            String ts = "recast_full_" + db.schema();
            Path dir = mountSmallDisk(db, ts);
            try {
                db.exec("CREATE TABLESPACE " + ts + " LOCATION '" + dir + "'");
                db.exec("CREATE TABLE t (id int PRIMARY KEY, v text) TABLESPACE " + ts);
                db.exec("ALTER TABLE t ALTER COLUMN v SET STORAGE PLAIN"); // no TOAST: the rows fill the heap
                db.exec("INSERT INTO t SELECT g, repeat(md5(g::text), 6) FROM generate_series(1, 5000) g");
                long size = db.queryLong("SELECT pg_total_relation_size('t')");
                assertThat(size).as("fits once, not twice").isBetween(1_000_000L, 1_900_000L);
                String before = db.checksum("t");

                DatabaseException full = catchThrowableOfType(() -> Recast.builder(db.dataSource()).build()
                        .repack(db.q("t"), RewriteOptions.builder().build()), DatabaseException.class);
                assertThat(full).as("the run failed on the full disk").isNotNull();
                assertThat(full.sqlState()).isEqualTo("53100");
                assertThat(full.getMessage()).contains("the disk is full").contains("tablespace " + ts)
                        .contains("needs up to").contains("the table is unchanged");

                assertThat(db.artifacts()).as("what the run made is removed").isEmpty();
                assertThat(db.checksum("t")).isEqualTo(before);
                db.exec("UPDATE t SET v = 'after' WHERE id = 1"); // the space is free again: the table takes writes
                assertThat(Recast.builder(db.dataSource()).build().jobs()).allMatch(j -> j.finishedJob());
            } finally {
                db.exec("DROP TABLE IF EXISTS t");
                db.exec("DROP TABLESPACE IF EXISTS " + ts);
                run("umount", dir.toString());
                Files.deleteIfExists(dir);
            }
        }
    }

    /** A 2 MB tmpfs under /tmp owned by the server's OS user, or the test is skipped saying why. */
    private static Path mountSmallDisk(Db db, String name) throws Exception {
        Path data = Path.of(db.queryString("SHOW data_directory"));
        assumeTrue(Files.isDirectory(data), () -> "the server's data directory " + data + " is not on this machine");
        assumeTrue("root".equals(System.getProperty("user.name")), "mounting a tmpfs needs root");
        // a standby on this machine would replay CREATE TABLESPACE into this same directory, and the copy's
        // writes into a disk that is full on purpose: its recovery would stop
        assumeTrue(db.queryLong("SELECT count(*) FROM pg_stat_replication") == 0,
                "the server streams to a standby, which would replay the tablespace into the same directory");
        Path dir = Files.createDirectory(Path.of("/tmp", name));
        if (run("mount", "-t", "tmpfs", "-o", "size=2m,mode=700", "tmpfs", dir.toString()) != 0) {
            Files.deleteIfExists(dir);
            assumeTrue(false, "could not mount a tmpfs on " + dir);
        }
        Files.setOwner(dir, Files.getOwner(data));
        return dir;
    }

    private static int run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return p.exitValue();
    }
}
