package dev.idem.it.app;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough JSON for the test resources: read a flat field, write a flat object. Keeps the
 * application free of any JSON provider, so it runs unchanged on every runtime.
 */
final class Json {

    private Json() {
    }

    /** The string value of {@code "name":"..."} in a flat object, or {@code null}. */
    static String stringField(String json, String name) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"")
                .matcher(json == null ? "" : json);
        return m.find() ? m.group(1) : null;
    }

    /** The numeric value of {@code "name":123} in a flat object, or {@code null}. */
    static Long numberField(String json, String name) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*(-?\\d+)")
                .matcher(json == null ? "" : json);
        return m.find() ? Long.valueOf(m.group(1)) : null;
    }

    /** JSON text that {@link #object} and {@link #array} embed as it is, not as a string. */
    record Raw(String json) {
    }

    static Raw raw(String json) {
        return new Raw(json);
    }

    /** An array of values, written like the values of {@link #object}. */
    static String array(Iterable<?> values) {
        StringBuilder out = new StringBuilder("[");
        for (Object value : values) {
            if (out.length() > 1) {
                out.append(',');
            }
            out.append(value(value));
        }
        return out.append(']').toString();
    }

    /**
     * An object from name, value, name, value...; values are strings, numbers, booleans or
     * {@link Raw} JSON.
     */
    static String object(Object... namesAndValues) {
        StringBuilder out = new StringBuilder("{");
        for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
            if (i > 0) {
                out.append(',');
            }
            Object value = namesAndValues[i + 1];
            out.append(quote(String.valueOf(namesAndValues[i]))).append(':').append(value(value));
        }
        return out.append('}').toString();
    }

    private static String value(Object value) {
        if (value instanceof Raw raw) {
            return raw.json();
        }
        return value instanceof Number || value instanceof Boolean ? value.toString() : quote(String.valueOf(value));
    }

    private static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
