package io.recast.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** {@code recast --version}: our version (from the build), the JDBC driver's and Java's. */
public final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {
            "recast " + version(),
            "PostgreSQL JDBC driver " + org.postgresql.util.DriverInfo.DRIVER_VERSION,
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")",
        };
    }

    /** The project version written into version.properties at build time. */
    static String version() {
        Properties p = new Properties();
        try (InputStream in = VersionProvider.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            return "(unknown version)";
        }
        return p.getProperty("version", "(unknown version)");
    }
}
