package io.recast.engine.testkit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Finds the PostgreSQL server the tests use, in this order: a JDBC URL from the environment
 * ({@code RECAST_TEST_JDBC_URL}, with {@code RECAST_TEST_USER}/{@code RECAST_TEST_PASSWORD});
 * Testcontainers when Docker is available (image {@code -Dpg.image}, default postgres:15); else the
 * local server on 127.0.0.1:5432 as postgres. Tests run in their own database, {@code recast_test},
 * created when missing, each in a schema of its own.
 */
public final class PgFixture {
    /** {@code RECAST_TEST_DATABASE} overrides it for the local server, so two suites can run side by side. */
    public static final String TEST_DATABASE = System.getenv().getOrDefault("RECAST_TEST_DATABASE", "recast_test");
    private static volatile PgFixture instance;
    /** Holds the local test database's suite lock for as long as the test JVM runs (see {@link #claim}); never read. */
    private static Connection claimed;

    private final String url;
    private final String user;
    private final String password;
    private final String origin;

    private PgFixture(String url, String user, String password, String origin) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.origin = origin;
    }

    public static PgFixture get() {
        if (instance == null) {
            synchronized (PgFixture.class) {
                if (instance == null) {
                    instance = locate();
                }
            }
        }
        return instance;
    }

    private static PgFixture locate() {
        Map<String, String> env = System.getenv();
        String explicit = env.get("RECAST_TEST_JDBC_URL");
        if (explicit != null && !explicit.isBlank()) {
            return new PgFixture(explicit, env.getOrDefault("RECAST_TEST_USER", "postgres"),
                    env.get("RECAST_TEST_PASSWORD"), "RECAST_TEST_JDBC_URL");
        }
        PgFixture fromDocker = Containers.start();
        if (fromDocker != null) {
            return fromDocker;
        }
        PgFixture local = new PgFixture("jdbc:postgresql://127.0.0.1:5432/" + TEST_DATABASE, "postgres", null,
                "local server 127.0.0.1:5432");
        local.ensureDatabase("jdbc:postgresql://127.0.0.1:5432/postgres");
        local.claim();
        local.dropLeftovers();
        return local;
    }

    /** Testcontainers, kept in its own class so that its absence or Docker's costs nothing. */
    static final class Containers {
        private static Object container;

        static PgFixture start() {
            boolean dockerHint = System.getenv("DOCKER_HOST") != null
                    || java.nio.file.Files.exists(java.nio.file.Path.of("/var/run/docker.sock"))
                    || java.nio.file.Files.exists(java.nio.file.Path.of(System.getProperty("user.home"), ".docker", "run", "docker.sock"));
            if (!dockerHint) {
                return null;
            }
            try {
                if (!org.testcontainers.DockerClientFactory.instance().isDockerAvailable()) {
                    return null;
                }
                var c = new org.testcontainers.containers.PostgreSQLContainer<>(
                        System.getProperty("pg.image", "postgres:15"))
                        .withDatabaseName(TEST_DATABASE).withUsername("postgres").withPassword("postgres");
                c.start();
                container = c;
                return new PgFixture(c.getJdbcUrl(), "postgres", "postgres", "Testcontainers " + c.getDockerImageName());
            } catch (Throwable e) {
                return null;
            }
        }
    }

    private void ensureDatabase(String adminUrl) {
        try (Connection c = DriverManager.getConnection(adminUrl, props()); Statement st = c.createStatement()) {
            var rs = st.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + TEST_DATABASE + "'");
            if (!rs.next()) {
                st.execute("CREATE DATABASE " + TEST_DATABASE);
            }
        } catch (SQLException e) {
            if (!"42P04".equals(e.getSQLState())) {
                throw new IllegalStateException("cannot reach PostgreSQL at " + adminUrl
                        + " (start it with: pg_ctlcluster --skip-systemctl-redirect 15 main start, or set "
                        + "RECAST_TEST_JDBC_URL): " + e.getMessage(), e);
            }
        }
    }

    /**
     * One test run at a time on the local test database: the leftovers' clean-up below would drop the
     * schemas of another run's tests, and every "nothing left" assertion sees the whole database. A
     * session-level advisory lock, held by a connection kept open until the JVM exits, says a run is on;
     * a second run stops at once, naming the first one's backend.
     */
    private void claim() {
        try {
            Connection c = DriverManager.getConnection(url, props());
            try (Statement st = c.createStatement();
                 var rs = st.executeQuery("SELECT pg_try_advisory_lock(hashtext('recast test suite')::bigint)")) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    String holder;
                    try (var h = st.executeQuery("SELECT coalesce(string_agg(pid::text, ', '), '?') FROM pg_locks "
                            + "WHERE locktype = 'advisory' AND objid = hashtext('recast test suite')::oid AND granted")) {
                        h.next();
                        holder = h.getString(1);
                    }
                    c.close();
                    throw new IllegalStateException("another test run is using the test database " + url + " (the "
                            + "backend holding its lock: pid " + holder + "); wait for it, or give this one another "
                            + "database with RECAST_TEST_DATABASE");
                }
            }
            claimed = c;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot claim the test database " + url + ": " + e.getMessage(), e);
        }
    }

    /**
     * The local test database belongs to the tests: schemas a killed test run left behind (its own
     * t_* schemas and the recast schema) would make every "nothing left" assertion fail, so they go.
     */
    private void dropLeftovers() {
        try (Connection c = DriverManager.getConnection(url, props()); Statement st = c.createStatement()) {
            st.execute("""
                    DO $$DECLARE s text;
                    BEGIN
                        FOR s IN SELECT nspname FROM pg_namespace WHERE nspname LIKE 't\\_%' OR nspname = 'recast' LOOP
                            EXECUTE format('DROP SCHEMA %I CASCADE', s);
                        END LOOP;
                    END$$""");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot clean the test database " + url + ": " + e.getMessage(), e);
        }
    }

    private Properties props() {
        Properties p = new Properties();
        p.setProperty("user", user);
        if (password != null) {
            p.setProperty("password", password);
        }
        return p;
    }

    public PGSimpleDataSource dataSource() {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(url);
        ds.setUser(user);
        if (password != null) {
            ds.setPassword(password);
        }
        return ds;
    }

    /** A data source that connects as another role (for privilege tests). */
    public PGSimpleDataSource dataSource(String role, String rolePassword) {
        PGSimpleDataSource ds = dataSource();
        ds.setUser(role);
        ds.setPassword(rolePassword);
        return ds;
    }

    public Connection connect() throws SQLException {
        return dataSource().getConnection();
    }

    public String url() {
        return url;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    /** host, port and database parsed from the URL, for tests of the command line. */
    public String[] hostPortDb() {
        String rest = url.substring("jdbc:postgresql://".length());
        int q = rest.indexOf('?');
        if (q >= 0) {
            rest = rest.substring(0, q);
        }
        String hostPort = rest.substring(0, rest.indexOf('/'));
        String db = rest.substring(rest.indexOf('/') + 1);
        String host = hostPort.contains(":") ? hostPort.substring(0, hostPort.lastIndexOf(':')) : hostPort;
        String port = hostPort.contains(":") ? hostPort.substring(hostPort.lastIndexOf(':') + 1) : "5432";
        return new String[] {host, port, db};
    }

    @Override
    public String toString() {
        return origin.toLowerCase(Locale.ROOT);
    }
}
