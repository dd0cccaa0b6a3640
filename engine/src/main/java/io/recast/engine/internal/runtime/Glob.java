package io.recast.engine.internal.runtime;

import java.util.regex.Pattern;

/** Shell-style name patterns, as the command line takes them: {@code *} any characters, {@code ?} one. */
public final class Glob {
    private Glob() {
    }

    /** The pattern as a regular expression matching whole names; everything but * and ? is literal. */
    public static Pattern compile(String pattern) {
        StringBuilder re = new StringBuilder();
        for (char ch : pattern.toCharArray()) {
            switch (ch) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                default -> re.append(Pattern.quote(String.valueOf(ch)));
            }
        }
        return Pattern.compile(re.toString());
    }

    /** Whether the relation matches by its name, its schema.name, or its quoted display name. */
    public static boolean matches(Pattern p, String schema, String name, String display) {
        return p.matcher(name).matches() || p.matcher(schema + "." + name).matches() || p.matcher(display).matches();
    }
}
