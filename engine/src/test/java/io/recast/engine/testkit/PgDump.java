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
