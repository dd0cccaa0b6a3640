package io.recast.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recast.engine.api.InvalidOptionsException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ConnectionOptionsTest {

    private static ConnectionSettings resolve(Map<String, String> env, String... args) {
        ConnectionOptions o = new ConnectionOptions();
        new CommandLine(new Holder(o)).parseArgs(args);
        return o.resolve(env, "osuser");
    }

    @CommandLine.Command(name = "x")
    static final class Holder {
        @CommandLine.Mixin
        final ConnectionOptions options;

        Holder(ConnectionOptions options) {
            this.options = options;
        }
    }

    @Test
    void optionsAsInPsql() {
        ConnectionSettings s = resolve(Map.of(), "-h", "db1", "-p", "5433", "-U", "alice", "-d", "app");
        assertThat(s.jdbcUrl()).isEqualTo("jdbc:postgresql://db1:5433/app");
        assertThat(s.user()).isEqualTo("alice");
        assertThat(s.password()).isNull();
        assertThat(s.display()).isEqualTo("alice@db1:5433/app");
        assertThat(resolve(Map.of(), "--host=db1", "--port=5433", "--username=alice", "--dbname=app"))
                .isEqualTo(s);
    }

    @Test
    void defaultsComeFromTheEnvironmentThenAsPsqlDoes() {
        ConnectionSettings env = resolve(Map.of("PGHOST", "envhost", "PGPORT", "6000", "PGUSER", "bob",
                "PGDATABASE", "envdb", "PGPASSWORD", "pw"));
        assertThat(env.jdbcUrl()).isEqualTo("jdbc:postgresql://envhost:6000/envdb");
        assertThat(env.user()).isEqualTo("bob");
        assertThat(env.password()).isEqualTo("pw");
        assertThat(env.display()).doesNotContain("pw");

        ConnectionSettings none = resolve(Map.of());
        assertThat(none.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost:5432/osuser");
        assertThat(none.user()).isEqualTo("osuser");

        ConnectionSettings dbIsUser = resolve(Map.of("PGUSER", "carol"));
        assertThat(dbIsUser.jdbcUrl()).endsWith("/carol");
        assertThat(resolve(Map.of(), "-U", "dave").jdbcUrl()).endsWith("/dave");
        assertThat(resolve(Map.of("PGHOST", "envhost"), "-h", "opt").jdbcUrl()).contains("//opt:5432/");
    }

    @Test
    void awkwardNamesAreEncoded() {
        assertThat(resolve(Map.of(), "-h", "::1", "-d", "my db/x?").jdbcUrl())
                .isEqualTo("jdbc:postgresql://[::1]:5432/my%20db%2Fx%3F");
    }

    @Test
    void urlTakesUserAndPasswordFromTheEnvironment() {
        ConnectionSettings s = resolve(Map.of("PGUSER", "bob", "PGPASSWORD", "pw"),
                "--url", "jdbc:postgresql://db1/app?sslmode=require&password=inurl");
        assertThat(s.jdbcUrl()).isEqualTo("jdbc:postgresql://db1/app?sslmode=require&password=inurl");
        assertThat(s.user()).isEqualTo("bob");
        assertThat(s.password()).isEqualTo("pw");
        assertThat(s.display()).isEqualTo("jdbc:postgresql://db1/app?... as bob").doesNotContain("inurl");
        assertThat(s.toString()).isEqualTo(s.display());
    }

    @Test
    void badCombinationsAndValuesAreRefused() {
        assertThatThrownBy(() -> resolve(Map.of(), "--url", "jdbc:postgresql://db1/app", "-d", "other"))
                .isInstanceOf(InvalidOptionsException.class).hasMessageContaining("--url cannot be combined");
        assertThatThrownBy(() -> resolve(Map.of(), "--url", "jdbc:mysql://db1/app"))
                .isInstanceOf(InvalidOptionsException.class).hasMessageContaining("jdbc:postgresql:");
        assertThatThrownBy(() -> resolve(Map.of(), "-p", "70000"))
                .isInstanceOf(InvalidOptionsException.class).hasMessageContaining("between 1 and 65535");
        assertThatThrownBy(() -> resolve(Map.of("PGPORT", "abc")))
                .isInstanceOf(InvalidOptionsException.class).hasMessageContaining("PGPORT");
        assertThatThrownBy(() -> resolve(Map.of("PGHOST", "/var/run/postgresql")))
                .isInstanceOf(InvalidOptionsException.class).hasMessageContaining("Unix-domain socket");
    }

    @Test
    void thePoolIsSmallAndNamed() {
        var c = resolve(Map.of("PGPASSWORD", "pw"), "-h", "db1").poolConfig();
        assertThat(c.getPoolName()).isEqualTo("recast");
        assertThat(c.getMaximumPoolSize()).isEqualTo(ConnectionSettings.MAX_POOL_SIZE).isGreaterThanOrEqualTo(6);
        assertThat(c.getPassword()).isEqualTo("pw");
        assertThat(c.getDataSourceProperties()).containsEntry("ApplicationName", "recast");
    }
}
