package io.recast.engine.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the local pg_dump --schema-only for one schema of the test database. */
public final class PgDump {
    private PgDump() {
    }

    /**
     * The schema's definition: pg_dump's when the local pg_dump is at least the server's major
     * version, else {@link CatalogDump}'s (pg_dump refuses newer servers). {@code -Drecast.test.dump=catalog}
     * asks for the catalog dump everywhere, to run the suite with it on a server pg_dump can read.
     */
    public static String schema(Db db, String schema) throws IOException, InterruptedException, java.sql.SQLException {
        if (db.serverVersion() / 10000 > localMajor() || "catalog".equals(System.getProperty("recast.test.dump"))) {
            return CatalogDump.schema(db, schema);
        }
        return schema(schema);
    }

    private static volatile Integer localMajor;

    /** The local pg_dump's major version, 0 when it cannot be run. */
    static int localMajor() {
        if (localMajor == null) {
            try {
                Process p = new ProcessBuilder("pg_dump", "--version").redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                p.waitFor(30, TimeUnit.SECONDS);
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)\\.").matcher(out);
                localMajor = m.find() ? Integer.parseInt(m.group(1)) : 0;
            } catch (IOException e) {
                localMajor = 0;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                localMajor = 0;
            }
        }
        return localMajor;
    }

    public static String schema(String schema) throws IOException, InterruptedException {
        PgFixture f = PgFixture.get();
        String[] hpd = f.hostPortDb();
        List<String> cmd = new ArrayList<>(List.of("pg_dump", "--schema-only", "--no-sync", "-h", hpd[0], "-p", hpd[1],
                "-U", f.user(), "-n", schema, hpd[2]));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        if (f.password() != null) {
            pb.environment().put("PGPASSWORD", f.password());
        }
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("pg_dump failed: " + out);
        }
        // drop the lines that carry versions and the per-dump random key of \restrict (15.14+)
        return out.lines().filter(l -> !l.startsWith("-- Dumped") && !l.startsWith("\\restrict")
                && !l.startsWith("\\unrestrict")).reduce("", (a, b) -> a + b + "\n");
    }
}
