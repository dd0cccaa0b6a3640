package io.recast.engine.testkit;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * New key values near existing ones, by the key column's type, so that inserts and key moves land
 * in the gaps between rows, below the first and above the last (a step of {@link #JUMP} goes past
 * the ends), wherever the copy's cursor is. A value may collide with a row: the write then fails
 * with a unique violation and is counted as rejected. Types it does not know get no new value; the
 * writers then reuse keys they deleted, which land in gaps too.
 */
final class KeyMaker {
    /** A step that carries a key past the table's ends. */
    static final long JUMP = 1_000_000;
    private static final Pattern LENGTH = Pattern.compile("\\((\\d+)\\)$");

    private KeyMaker() {
    }

    /** A key like {@code base} with one column changed, or null when no column's type allows it. */
    static List<String> near(List<TableShape.Col> key, List<String> base, Random random) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < key.size(); i++) {
            order.add(i);
        }
        java.util.Collections.shuffle(order, random);
        for (int i : order) {
            String v = near(key.get(i).type(), base.get(i), random);
            if (v != null) {
                List<String> out = new ArrayList<>(base);
                out.set(i, v);
                return out;
            }
        }
        return null;
    }

    /** A value near {@code value} of type {@code type}, or null. */
    static String near(String type, String value, Random random) {
        String t = type.toLowerCase(Locale.ROOT);
        try {
            switch (t) {
                case "smallint" -> {
                    long v = Long.parseLong(value) + step(random, 300);
                    return String.valueOf(Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, v)));
                }
                case "integer" -> {
                    long v = Long.parseLong(value) + step(random, JUMP);
                    return String.valueOf(Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v)));
                }
                case "bigint" -> {
                    return String.valueOf(Long.parseLong(value) + step(random, JUMP));
                }
                case "real", "double precision" -> {
                    return String.valueOf(Double.parseDouble(value) + step(random, JUMP) / 8.0);
                }
                case "uuid" -> {
                    return new UUID(random.nextLong(), random.nextLong()).toString();
                }
                case "date" -> {
                    return LocalDate.parse(value).plusDays(step(random, 3_000)).toString();
                }
                case "bytea" -> {
                    byte[] b = new byte[1 + random.nextInt(3)];
                    random.nextBytes(b);
                    return value + HexFormat.of().formatHex(b);
                }
                default -> {
                    if (t.startsWith("numeric")) {
                        return new BigDecimal(value).add(BigDecimal.valueOf(step(random, JUMP))).toPlainString();
                    }
                    if (t.equals("text") || t.startsWith("character varying") || t.startsWith("character(")
                            || t.equals("citext") || t.equals("name") || t.startsWith("text collate")) {
                        return text(t, value, random);
                    }
                    return null;
                }
            }
        } catch (RuntimeException e) {
            return null; // a value of a form this does not parse (NaN, infinity, a BC date)
        }
    }

    /** Mostly a small step, to a neighbour's gap; now and then {@code jump}, past an end. */
    private static long step(Random random, long jump) {
        long s = random.nextInt(10) == 0 ? jump : 1 + random.nextInt(3);
        return random.nextBoolean() ? s : -s;
    }

    /** Right after {@code value} (a suffix), or before the first and after the last (a prefix). */
    private static String text(String type, String value, Random random) {
        String suffix = Integer.toString(random.nextInt(1_000), 36);
        String v = switch (random.nextInt(6)) {
            case 0 -> " " + suffix + value;
            case 1 -> "~" + suffix + value;
            default -> value + suffix;
        };
        Matcher m = LENGTH.matcher(type);
        if (m.find()) {
            int max = Integer.parseInt(m.group(1));
            if (v.length() > max) {
                v = v.substring(v.length() - max);
            }
        }
        return v;
    }
}
