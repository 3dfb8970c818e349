package dev.idem.internal.engine;

import java.util.Arrays;

/**
 * SHA-256 over what a request asks for: the HTTP method, the request path, the query string with
 * its parameters sorted, and the body bytes. Two requests with the same fingerprint are the same
 * request; a reused key with another fingerprint is refused with 422.
 */
public final class Fingerprints {
    private Fingerprints() {
    }

    /**
     * @param query      the raw query string without {@code ?}, or {@code null}
     * @param body       the body bytes; only the first {@code bodyLength} count
     */
    public static String of(String method, String path, String query, byte[] body, int bodyLength) {
        return new Hashing()
                .part(method)
                .part(path)
                .part(sortedQuery(query))
                .part(body, bodyLength)
                .hex();
    }

    /** Parameters sorted as raw {@code name=value} strings, so order does not matter but encoding does. */
    static String sortedQuery(String query) {
        if (query == null || query.isEmpty()) {
            return "";
        }
        String[] parameters = query.split("&", -1);
        Arrays.sort(parameters);
        return String.join("&", parameters);
    }
}
