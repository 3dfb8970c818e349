package dev.idem.spi;

import java.util.Objects;

/**
 * The stored identity of a record: the caller's scope and the idempotency key.
 *
 * @param scope hex SHA-256 of the principal name and the scope header values (never the names in clear)
 * @param key   the idempotency key as the client sent it, unquoted
 */
public record RecordId(String scope, String key) {
    public RecordId {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(key, "key");
    }

    /** A short form for logs: the key and the first characters of the scope hash. */
    @Override
    public String toString() {
        return "key '" + key + "' (scope " + (scope.length() > 12 ? scope.substring(0, 12) : scope) + ")";
    }
}
