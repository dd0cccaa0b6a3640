package io.recast.cli;

import io.recast.engine.testkit.PgFixture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The test database (the engine's {@link PgFixture}: RECAST_TEST_JDBC_URL, else Docker, else the local
 * server) as command-line options: -h, -p, -d and -U, as a user would give them; --url and -U when
 * the URL carries parameters that those options cannot. A password (RECAST_TEST_PASSWORD) reaches
 * the in-process command line as a user's would without PGPASSWORD: through a password file.
 */
final class Conn {
    private static volatile boolean passwordFileSet;

    private Conn() {
    }

    static String[] options() {
        PgFixture pg = PgFixture.get();
        if (pg.password() != null) {
            passwordFile(pg.password());
        }
        if (pg.url().contains("?")) {
            return new String[] {"--url", pg.url(), "-U", pg.user()};
        }
        String[] hpd = pg.hostPortDb();
        return new String[] {"-h", hpd[0], "-p", hpd[1], "-d", hpd[2], "-U", pg.user()};
    }

    /** The command, then the connection options. */
    static String[] args(String... command) {
        List<String> all = new ArrayList<>(Arrays.asList(command));
        all.addAll(Arrays.asList(options()));
        return all.toArray(String[]::new);
    }

    /** pgjdbc reads the password file this property names whenever a connection gives no password. */
    private static synchronized void passwordFile(String password) {
        if (passwordFileSet) {
            return;
        }
        try {
            Path file = Files.createTempFile("recast-it-", ".pgpass");
            file.toFile().deleteOnExit();
            Files.writeString(file, "*:*:*:*:" + password.replace("\\", "\\\\").replace(":", "\\:") + "\n");
            System.setProperty("org.postgresql.pgpassfile", file.toString());
            passwordFileSet = true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
