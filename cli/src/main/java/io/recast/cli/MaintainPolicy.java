package io.recast.cli;

import io.recast.engine.api.InvalidOptionsException;
import io.recast.engine.api.TablePolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.TypeConversionException;

/**
 * A maintain policy file, written as postgresql.conf is: {@code name = value} lines, {@code #}
 * comments, values optionally in single quotes. The lines before the first section hold the run's
 * settings (the long option names without their dashes); each {@code [pattern]} section holds the
 * settings of the tables whose name or schema.name matches it ({@code *} any characters, {@code ?}
 * one), the first matching section winning:
 *
 * <pre>
 * min-size = 100MB
 * window = 02:00-05:00
 * exclude = audit.*, tmp_*
 *
 * [public.events]
 * min-bloat = 50
 * min-interval = 30d
 *
 * [archive.*]
 * exclude = true
 * </pre>
 */
final class MaintainPolicy {
    /** The run's settings a policy file may hold (the maintain options of the same names). */
    static final Set<String> RUN_KEYS = Set.of("min-size", "min-bloat", "min-dead", "until", "window", "max-tables",
            "order", "min-interval", "exclude", "disk-headroom", "method");
    /** A table section's settings. */
    static final Set<String> TABLE_KEYS = Set.of("exclude", "min-size", "min-bloat", "min-dead", "min-interval");

    final Map<String, String> run;
    final List<TablePolicy> tables;

    private MaintainPolicy(Map<String, String> run, List<TablePolicy> tables) {
        this.run = run;
        this.tables = tables;
    }

    static MaintainPolicy read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidOptionsException("cannot read the policy file " + file + ": " + e.getMessage());
        }
        return parse(file.toString(), lines);
    }

    static MaintainPolicy parse(String name, List<String> lines) {
        Map<String, String> run = new LinkedHashMap<>();
        List<TablePolicy> tables = new ArrayList<>();
        String section = null;
        Map<String, String> current = null;
        int sectionLine = 0;
        for (int n = 1; n <= lines.size(); n++) {
            String line = stripComment(lines.get(n - 1)).strip();
            if (line.isEmpty()) {
                continue;
            }
            String where = name + ", line " + n + ": ";
            if (line.startsWith("[")) {
                if (!line.endsWith("]") || line.length() < 3) {
                    throw new InvalidOptionsException(where + "a section is a table pattern in brackets, e.g. "
                            + "[public.orders], was " + line);
                }
                if (section != null) {
                    tables.add(table(name, sectionLine, section, current));
                }
                section = line.substring(1, line.length() - 1).strip();
                current = new LinkedHashMap<>();
                sectionLine = n;
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 1) {
                throw new InvalidOptionsException(where + "expected name = value, was " + line);
            }
            String key = line.substring(0, eq).strip().toLowerCase(Locale.ROOT).replace('_', '-');
            String value = unquote(line.substring(eq + 1).strip());
            Set<String> allowed = section == null ? RUN_KEYS : TABLE_KEYS;
            if (!allowed.contains(key)) {
                throw new InvalidOptionsException(where + "unknown setting " + key + (section == null
                        ? " (before the first section: " : " (in a table's section: ")
                        + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
            Map<String, String> target = section == null ? run : current;
            if (target.containsKey(key)) {
                throw new InvalidOptionsException(where + key + " is set twice");
            }
            target.put(key, value);
        }
        if (section != null) {
            tables.add(table(name, sectionLine, section, current));
        }
        return new MaintainPolicy(run, tables);
    }

    private static TablePolicy table(String file, int line, String pattern, Map<String, String> s) {
        String where = file + ", section [" + pattern + "] (line " + line + "): ";
        try {
            return new TablePolicy(pattern, s.containsKey("exclude") ? bool(s.get("exclude")) : null,
                    s.containsKey("min-size") ? ByteSizeConverter.parse(s.get("min-size")) : null,
                    s.containsKey("min-bloat") ? integer(s.get("min-bloat")) : null,
                    s.containsKey("min-dead") ? integer(s.get("min-dead")) : null,
                    s.containsKey("min-interval") ? duration(s.get("min-interval")) : null);
        } catch (TypeConversionException | InvalidOptionsException e) {
            throw new InvalidOptionsException(where + e.getMessage());
        }
    }

    static boolean bool(String v) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "on", "yes", "1" -> true;
            case "false", "off", "no", "0" -> false;
            default -> throw new InvalidOptionsException("expected true or false, was " + v);
        };
    }

    static int integer(String v) {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new InvalidOptionsException("expected a whole number, was " + v);
        }
    }

    static Duration duration(String v) {
        return DurationConverter.parse(v);
    }

    private static String stripComment(String line) {
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (ch == '\'') {
                quoted = !quoted;
            } else if (ch == '#' && !quoted) {
                return line.substring(0, i);
            }
        }
        return line;
    }

    private static String unquote(String v) {
        if (v.length() >= 2 && v.startsWith("'") && v.endsWith("'")) {
            return v.substring(1, v.length() - 1).replace("''", "'");
        }
        return v;
    }
}
