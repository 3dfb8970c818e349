package dev.idem.internal.store;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The text form of recorded headers in the {@code headers} column: one line per value, in the
 * map's order and each name's value order, every line ending in {@code \n}:
 * <pre>
 * Content-Type: application/json
 * Link: &lt;/a&gt;; rel="next"
 * Link: &lt;/b&gt;; rel="prev"
 * </pre>
 * A name and its value are separated by exactly {@code ": "}; everything after it is the value.
 * A name recorded with no value is a line holding only the name. Inside names and values a
 * backslash is written {@code \\}, a line feed {@code \n}, a carriage return {@code \r} and a NUL
 * character {@code \0} (PostgreSQL text cannot hold it); inside names a colon is written
 * {@code \:}. No headers at all is the empty string. Decoding gives back an equal map in the
 * same order.
 */
final class HeaderCodec {

    private HeaderCodec() {
    }

    static String encode(Map<String, List<String>> headers) {
        StringBuilder text = new StringBuilder();
        headers.forEach((name, values) -> {
            String escapedName = escape(name, true);
            if (values.isEmpty()) {
                text.append(escapedName).append('\n');
            }
            for (String value : values) {
                text.append(escapedName).append(": ").append(escape(value, false)).append('\n');
            }
        });
        return text.toString();
    }

    /**
     * @throws IllegalArgumentException when {@code text} is not in this format
     */
    static Map<String, List<String>> decode(String text) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                throw new IllegalArgumentException("Malformed headers: last line is not terminated");
            }
            decodeLine(text.substring(start, end), headers);
            start = end + 1;
        }
        return headers;
    }

    private static void decodeLine(String line, Map<String, List<String>> headers) {
        int colon = unescapedColon(line);
        List<String> values = headers.computeIfAbsent(unescape(colon < 0 ? line : line.substring(0, colon)),
                name -> new ArrayList<>());
        if (colon >= 0) {
            if (!line.startsWith(" ", colon + 1)) {
                throw new IllegalArgumentException("Malformed headers: no space after the colon");
            }
            values.add(unescape(line.substring(colon + 2)));
        }
    }

    private static int unescapedColon(String line) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == ':') {
                return i;
            }
        }
        return -1;
    }

    private static String escape(String s, boolean name) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\0' -> out.append("\\0");
                case ':' -> out.append(name ? "\\:" : ":");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static String unescape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (++i == s.length()) {
                throw new IllegalArgumentException("Malformed headers: dangling backslash");
            }
            switch (s.charAt(i)) {
                case '\\' -> out.append('\\');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case '0' -> out.append('\0');
                case ':' -> out.append(':');
                default -> throw new IllegalArgumentException("Malformed headers: unknown escape \\" + s.charAt(i));
            }
        }
        return out.toString();
    }
}
