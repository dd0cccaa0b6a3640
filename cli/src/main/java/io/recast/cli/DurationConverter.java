package io.recast.cli;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads durations with a unit: {@code 200ms}, {@code 5s}, {@code 2m}, {@code 1h}, {@code 7d}, and sums such as
 * {@code 1m30s}. A bare number is refused: {@code --lock-timeout 200} could mean milliseconds or
 * seconds, and guessing wrong by a factor of 1000 on a lock timeout is not a small mistake.
 */
public final class DurationConverter implements ITypeConverter<Duration> {
    private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");
    private static final Pattern WHOLE = Pattern.compile("(?:\\d+(?:ms|s|m|h|d))+");
    private static final Pattern BARE = Pattern.compile("\\d+(?:\\.\\d+)?");

    @Override
    public Duration convert(String value) {
        return parse(value);
    }

    /** @throws TypeConversionException saying what is accepted */
    public static Duration parse(String value) {
        String v = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
        if (BARE.matcher(v).matches()) {
            throw new TypeConversionException("'" + value + "' has no unit; add one: " + v + "ms, " + v + "s, "
                    + v + "m, " + v + "h or " + v + "d");
        }
        if (!WHOLE.matcher(v).matches()) {
            throw new TypeConversionException("'" + value + "' is not a duration; write a whole number and a unit "
                    + "(ms, s, m, h, d), e.g. 200ms, 5s, 2m, 1h, 7d or 1m30s");
        }
        Duration total = Duration.ZERO;
        Matcher m = PART.matcher(v);
        try {
            while (m.find()) {
                long amount = Long.parseLong(m.group(1));
                Duration part = switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    case "d" -> Duration.ofDays(amount);
                    default -> Duration.ofHours(amount);
                };
                total = total.plus(part);
            }
        } catch (NumberFormatException | ArithmeticException e) {
            throw new TypeConversionException("'" + value + "' is too long a duration");
        }
        return total;
    }

    /** The shortest text {@link #parse} reads back as the same duration (to the millisecond). */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms == 0) {
            return "0ms";
        }
        if (ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1_000 == 0) {
            return ms / 1_000 + "s";
        }
        return ms + "ms";
    }
}
