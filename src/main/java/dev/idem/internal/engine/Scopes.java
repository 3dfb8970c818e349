package dev.idem.internal.engine;

import java.util.List;
import java.util.function.Function;

/**
 * The scope of a record: a hash of the authenticated principal's name (or {@code anonymous}) and
 * the values of the configured scope headers, so that one caller's key never meets another's.
 * Only the hash is stored or logged.
 */
public final class Scopes {
    /** The scope of every unauthenticated request where no scope headers are configured: hashed once. */
    private static final String ANONYMOUS = hash(null, List.of(), header -> null);

    private Scopes() {
    }

    /**
     * @param principal    the principal's name, or {@code null} when unauthenticated
     * @param headerValues every value of a request header, by name; {@code null} or empty when absent
     */
    public static String of(String principal, List<String> scopeHeaders, Function<String, List<String>> headerValues) {
        return principal == null && scopeHeaders.isEmpty() ? ANONYMOUS : hash(principal, scopeHeaders, headerValues);
    }

    private static String hash(String principal, List<String> scopeHeaders, Function<String, List<String>> headerValues) {
        Hashing hashing = new Hashing();
        if (principal == null) {
            hashing.part("anonymous").part(new byte[0]);
        } else {
            hashing.part("principal").part(principal);
        }
        for (String header : scopeHeaders) {
            List<String> values = headerValues.apply(header);
            hashing.part(header);
            hashing.part(values == null ? "" : String.join("\n", values));
        }
        return hashing.hex();
    }
}
