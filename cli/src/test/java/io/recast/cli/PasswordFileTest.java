package io.recast.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recast.engine.api.DatabaseException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The password file works as in psql: pgjdbc reads it (org.postgresql.pgpassfile, else PGPASSFILE,
 * else ~/.pgpass) whenever no password is given, and PGPASSWORD takes precedence. Proven against a
 * fake server that records the password the driver sends through our pool.
 */
class PasswordFileTest {
    private static final String PROPERTY = "org.postgresql.pgpassfile";

    @TempDir
    Path dir;

    @AfterEach
    void clear() {
        System.clearProperty(PROPERTY);
    }

    private static ConnectionSettings settings(Map<String, String> env, int port) {
        ConnectionOptions o = new ConnectionOptions();
        new CommandLine(new ConnectionOptionsTest.Holder(o))
                .parseArgs("-h", "127.0.0.1", "-p", String.valueOf(port), "-U", "alice", "-d", "app");
        return o.resolve(env, "osuser");
    }

    private Path passFile(int port) throws Exception {
        Path f = dir.resolve("pgpass");
        Files.writeString(f, "# host:port:db:user:password\n"
                + "127.0.0.1:" + port + ":other:alice:wrong\n"
                + "127.0.0.1:" + port + ":app:alice:from-pgpass\\:file\n"
                + "*:*:*:*:catch-all\n");
        return f;
    }

    @Test
    void withoutAPasswordTheDriverReadsThePasswordFile() throws Exception {
        try (FakePgServer server = new FakePgServer()) {
            System.setProperty(PROPERTY, passFile(server.port()).toString());
            ConnectionSettings s = settings(Map.of(), server.port());
            assertThat(s.password()).isNull();
            assertThatThrownBy(s::open).isInstanceOf(DatabaseException.class)
                    .hasMessageContaining("[SQLSTATE 28P01]").hasMessageNotContaining("from-pgpass");
            assertThat(server.password()).isEqualTo("from-pgpass:file");
        }
    }

    @Test
    void pgpasswordWinsOverThePasswordFile() throws Exception {
        try (FakePgServer server = new FakePgServer()) {
            System.setProperty(PROPERTY, passFile(server.port()).toString());
            ConnectionSettings s = settings(Map.of("PGPASSWORD", "from-env"), server.port());
            assertThatThrownBy(s::open).isInstanceOf(DatabaseException.class);
            assertThat(server.password()).isEqualTo("from-env");
        }
    }
}
