package io.recast.cli;

/**
 * Configures slf4j-simple through its system properties. This must run before the first logger is
 * created, because slf4j-simple reads its settings once; {@link Main} calls it after parsing and
 * before any command runs. Settings the user gave with {@code -D} are kept, but the level of our
 * own loggers follows {@code -v}.
 */
final class Logging {
    private static final String P = "org.slf4j.simpleLogger.";

    private Logging() {
    }

    static void configure(int verbosity) {
        setIfAbsent(P + "logFile", "System.err");
        setIfAbsent(P + "defaultLogLevel", "warn");
        setIfAbsent(P + "showDateTime", "true");
        setIfAbsent(P + "dateTimeFormat", "HH:mm:ss.SSS");
        setIfAbsent(P + "showShortLogName", "true");
        String recast = verbosity >= 2 ? "debug" : verbosity == 1 ? "info" : "warn";
        if (verbosity > 0 || System.getProperty(P + "log.io.recast") == null) {
            System.setProperty(P + "log.io.recast", recast);
        }
        // The job logs each warning and also hands it to the listener, which prints it as
        // "recast: warning: ..."; without -v one line per warning is enough. Its errors still show.
        if (verbosity > 0 || System.getProperty(P + "log.io.recast.engine.internal.run.TableRun") == null) {
            System.setProperty(P + "log.io.recast.engine.internal.run.TableRun", verbosity > 0 ? recast : "error");
        }
        // A failed connection is reported once, as "recast: error: cannot connect ..."; HikariCP
        // would add its own stack trace at ERROR.
        if (verbosity > 0 || System.getProperty(P + "log.com.zaxxer.hikari") == null) {
            System.setProperty(P + "log.com.zaxxer.hikari", verbosity >= 2 ? "info" : verbosity == 1 ? "warn" : "off");
        }
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
