package io.recast.engine.internal.job;

import io.recast.engine.api.CutOverWindow;
import io.recast.engine.internal.plan.RewriteRequest;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * A run's request (table, changes, options) as text (Java properties), kept in its job row so that
 * `recast resume` goes on with what the run was started with. Derived from the records themselves:
 * each component is a key named by its path ({@code options.cutover.lockTimeout}), lists and maps
 * count their entries ({@code .0}, {@code .1}, ...), a null is an absent key. A new option needs no
 * change here.
 */
public final class OptionsCodec {
    private OptionsCodec() {
    }

    public static String encode(RewriteRequest request) {
        Properties p = new Properties();
        write(p, "", request);
        StringWriter out = new StringWriter();
        try {
            p.store(out, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // the first line is a date comment, and the order of the keys is the hash table's: sort and
        // drop it, so equal requests give equal text
        return out.toString().lines().filter(l -> !l.startsWith("#")).sorted().reduce("", (a, b) -> a + b + "\n");
    }

    /** @throws IllegalArgumentException when the text is not a request this version writes */
    public static RewriteRequest decode(String text) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            return (RewriteRequest) read(p, "", RewriteRequest.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalArgumentException("the job row's options are not ones this version can read: " + e, e);
        }
    }

    private static void write(Properties p, String key, Object value) {
        if (value == null) {
            return;
        }
        if (value instanceof Record r && !(value instanceof CutOverWindow)) {
            for (RecordComponent rc : r.getClass().getRecordComponents()) {
                try {
                    write(p, (key.isEmpty() ? "" : key + ".") + rc.getName(), rc.getAccessor().invoke(r));
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
        } else if (value instanceof List<?> list) {
            p.setProperty(key + ".size", String.valueOf(list.size()));
            for (int i = 0; i < list.size(); i++) {
                write(p, key + "." + i, list.get(i));
            }
        } else if (value instanceof Map<?, ?> map) {
            p.setProperty(key + ".size", String.valueOf(map.size()));
            int i = 0;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                write(p, key + "." + i + ".key", e.getKey());
                write(p, key + "." + i++ + ".value", e.getValue());
            }
        } else if (value instanceof Enum<?> e) {
            p.setProperty(key, e.name());
        } else {
            p.setProperty(key, value.toString()); // String, numbers, booleans, Duration, CutOverWindow (its text form)
        }
    }

    private static Object read(Properties p, String key, Type type) throws ReflectiveOperationException {
        Class<?> raw = (Class<?>) (type instanceof ParameterizedType pt ? pt.getRawType() : type);
        if (raw.isRecord() && raw != CutOverWindow.class) {
            if (!key.isEmpty() && p.stringPropertyNames().stream().noneMatch(k -> k.startsWith(key + "."))) {
                return null; // a record that was null
            }
            RecordComponent[] rcs = raw.getRecordComponents();
            Object[] args = new Object[rcs.length];
            for (int i = 0; i < rcs.length; i++) {
                args[i] = read(p, (key.isEmpty() ? "" : key + ".") + rcs[i].getName(), rcs[i].getGenericType());
            }
            Constructor<?> canonical = raw.getDeclaredConstructor(Arrays.stream(rcs).map(RecordComponent::getType)
                    .toArray(Class<?>[]::new));
            try {
                return canonical.newInstance(args);
            } catch (java.lang.reflect.InvocationTargetException e) {
                throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
            }
        }
        if (raw == List.class || raw == Map.class) {
            String size = p.getProperty(key + ".size");
            if (size == null) {
                return null;
            }
            Type[] args = ((ParameterizedType) type).getActualTypeArguments();
            int n = Integer.parseInt(size);
            if (raw == List.class) {
                List<Object> out = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    out.add(read(p, key + "." + i, args[0]));
                }
                return out;
            }
            Map<Object, Object> out = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                out.put(read(p, key + "." + i + ".key", args[0]), read(p, key + "." + i + ".value", args[1]));
            }
            return out;
        }
        String v = p.getProperty(key);
        if (v == null) {
            return raw.isPrimitive() ? missing(key) : null;
        }
        if (raw == String.class) {
            return v;
        }
        if (raw == int.class || raw == Integer.class) {
            return Integer.valueOf(v);
        }
        if (raw == long.class || raw == Long.class) {
            return Long.valueOf(v);
        }
        if (raw == double.class || raw == Double.class) {
            return Double.valueOf(v);
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return Boolean.valueOf(v);
        }
        if (raw == Duration.class) {
            return Duration.parse(v);
        }
        if (raw == CutOverWindow.class) {
            return CutOverWindow.parse(v);
        }
        if (raw.isEnum()) {
            return enumValue(raw, v);
        }
        throw new IllegalStateException("no text form for " + raw.getName() + " (" + key + ")");
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object enumValue(Class<?> raw, String v) {
        return Enum.valueOf((Class) raw, v);
    }

    private static Object missing(String key) {
        throw new IllegalArgumentException("no value for " + key);
    }
}
