package dev.idem.internal.engine;

import java.util.List;

/**
 * Parses the idempotency key header: a bare token or an RFC 8941 sf-string ({@code "..."} with
 * {@code \"} and {@code \\} escapes), then applies the length and pattern rules of the settings.
 * A bare token and its sf-string form are the same key.
 */
public final class IdempotencyKeys {
    private IdempotencyKeys() {
    }

    /**
     * @param fieldValues every value of the key header in the request, {@code null} or empty when absent
     */
    public static KeyCheck check(List<String> fieldValues, Settings settings) {
        if (fieldValues == null || fieldValues.isEmpty()) {
            return new KeyCheck.Missing();
        }
        if (fieldValues.size() > 1) {
            return new KeyCheck.Malformed("the " + settings.header() + " header must appear once, it appeared "
                    + fieldValues.size() + " times");
        }
        String raw = trimOws(fieldValues.get(0));
        if (raw.isEmpty()) {
            return new KeyCheck.Malformed("the " + settings.header() + " header is empty");
        }
        String key;
        if (raw.charAt(0) == '"') {
            key = unquote(raw);
            if (key == null) {
                return new KeyCheck.Malformed("the " + settings.header()
                        + " header is not a valid sf-string: printable ASCII between double quotes, with only \\\" and \\\\ escapes");
            }
        } else {
            if (!isBareToken(raw)) {
                return new KeyCheck.Malformed("the " + settings.header()
                        + " header must be printable ASCII without spaces, commas or double quotes, or an sf-string");
            }
            key = raw;
        }
        int length = key.length();
        if (length < settings.keyMinLength() || length > settings.keyMaxLength()) {
            return new KeyCheck.Malformed("the key must be " + settings.keyMinLength() + " to "
                    + settings.keyMaxLength() + " characters long, was " + length);
        }
        if (settings.keyPattern() != null && !settings.keyPattern().matcher(key).matches()) {
            return new KeyCheck.Malformed("the key does not match the required pattern "
                    + settings.keyPattern().pattern());
        }
        return new KeyCheck.Valid(key);
    }

    private static String trimOws(String value) {
        int start = 0;
        int end = value.length();
        while (start < end && isOws(value.charAt(start))) {
            start++;
        }
        while (end > start && isOws(value.charAt(end - 1))) {
            end--;
        }
        return value.substring(start, end);
    }

    private static boolean isOws(char c) {
        return c == ' ' || c == '\t';
    }

    private static boolean isBareToken(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= 0x20 || c >= 0x7f || c == '"' || c == ',') {
                return false;
            }
        }
        return true;
    }

    /** The content of an sf-string, or {@code null} when it is not one (nothing may follow the closing quote). */
    private static String unquote(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 1; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\') {
                if (++i == value.length()) {
                    return null;
                }
                char escaped = value.charAt(i);
                if (escaped != '"' && escaped != '\\') {
                    return null;
                }
                out.append(escaped);
            } else if (c == '"') {
                return i == value.length() - 1 ? out.toString() : null;
            } else if (c < 0x20 || c >= 0x7f) {
                return null;
            } else {
                out.append(c);
            }
        }
        return null;
    }
}
