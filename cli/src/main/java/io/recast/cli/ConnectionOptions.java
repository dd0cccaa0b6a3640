package io.recast.cli;

import io.recast.engine.api.InvalidOptionsException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Where to connect, spelled as in psql and pg_repack, with the same environment defaults. The
 * password comes from PGPASSWORD, else from the password file: pgjdbc reads PGPASSFILE (or
 * {@code ~/.pgpass}) itself whenever no password is given.
 */
public final class ConnectionOptions {
    // order: listed after the command's own options (DatabaseCommand)
    @Option(names = {"-h", "--host"}, paramLabel = "HOST", order = DatabaseCommand.CONNECTION_ORDER,
            description = "Database server host (default: $PGHOST, else localhost).")
    String host;

    @Option(names = {"-p", "--port"}, paramLabel = "PORT", order = DatabaseCommand.CONNECTION_ORDER,
            description = "Database server port (default: $PGPORT, else 5432).")
    Integer port;

    @Option(names = {"-U", "--username"}, paramLabel = "USER", order = DatabaseCommand.CONNECTION_ORDER,
            description = "Database user (default: $PGUSER, else the operating-system user).")
    String username;

    @Option(names = {"-d", "--dbname"}, paramLabel = "DBNAME", order = DatabaseCommand.CONNECTION_ORDER,
            description = "Database (default: $PGDATABASE, else the user name).")
    String dbname;

    @Option(names = "--url", paramLabel = "JDBC-URL", order = DatabaseCommand.CONNECTION_ORDER,
            description = {"A full JDBC URL instead of --host, --port and --dbname, e.g. "
                    + "jdbc:postgresql://db1:5432/app?sslmode=require. The password comes from $PGPASSWORD "
                    + "or the password file ($PGPASSFILE, else ~/.pgpass), as in psql."})
    String url;

    /**
     * The settings these options and the environment give.
     *
     * @param env    the environment (PGHOST, PGPORT, PGUSER, PGDATABASE, PGPASSWORD)
     * @param osUser the operating-system user, the last default of the user name
     * @throws InvalidOptionsException for options that contradict each other or bad values
     */
    public ConnectionSettings resolve(Map<String, String> env, String osUser) {
        String user = firstNonBlank(username, env.get("PGUSER"), osUser);
        String password = blankToNull(env.get("PGPASSWORD"));
        if (url != null) {
            if (host != null || port != null || dbname != null) {
                throw new InvalidOptionsException("--url cannot be combined with --host, --port or --dbname; "
                        + "put them into the URL");
            }
            if (!url.startsWith("jdbc:postgresql:")) {
                throw new InvalidOptionsException("--url must start with jdbc:postgresql:, was " + redact(url));
            }
            boolean userInUrl = url.toLowerCase(Locale.ROOT).matches(".*[?&]user=.*");
            return new ConnectionSettings(url, user, password, redact(url) + (userInUrl ? "" : " as " + user));
        }
        String h = firstNonBlank(host, env.get("PGHOST"), "localhost");
        if (h.startsWith("/")) {
            throw new InvalidOptionsException("host " + h + " is a Unix-domain socket directory, which the JDBC "
                    + "driver cannot use; give a TCP host, e.g. -h localhost");
        }
        int p = port != null ? port : parsePort(env.get("PGPORT"));
        if (p < 1 || p > 65535) {
            throw new InvalidOptionsException("port must be between 1 and 65535, was " + p);
        }
        String db = firstNonBlank(dbname, env.get("PGDATABASE"), user);
        String hostInUrl = h.contains(":") && !h.startsWith("[") ? "[" + h + "]" : h;
        String jdbcUrl = "jdbc:postgresql://" + hostInUrl + ":" + p + "/"
                + URLEncoder.encode(db, StandardCharsets.UTF_8).replace("+", "%20");
        return new ConnectionSettings(jdbcUrl, user, password, user + "@" + hostInUrl + ":" + p + "/" + db);
    }

    private static int parsePort(String fromEnv) {
        if (fromEnv == null || fromEnv.isBlank()) {
            return 5432;
        }
        try {
            return Integer.parseInt(fromEnv.strip());
        } catch (NumberFormatException e) {
            throw new InvalidOptionsException("PGPORT is not a port number: " + fromEnv);
        }
    }

    /** The URL without its parameters, which may carry a password. */
    static String redact(String jdbcUrl) {
        int q = jdbcUrl.indexOf('?');
        String base = q < 0 ? jdbcUrl : jdbcUrl.substring(0, q) + "?...";
        return base.toLowerCase(Locale.ROOT).contains("password") ? "(a JDBC URL)" : base;
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }

    private static String blankToNull(String v) {
        return v == null || v.isEmpty() ? null : v;
    }
}
