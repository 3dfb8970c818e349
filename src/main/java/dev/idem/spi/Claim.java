package dev.idem.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * What a request writes to own a key: an in-flight record with a fresh fencing token.
 *
 * @param id          scope and key
 * @param fingerprint hex SHA-256 of the request
 * @param leaseToken  fresh random fencing token, never 0
 * @param lockedUntil end of the lease
 * @param expiresAt   when the in-flight record stops counting even if nobody completes it
 */
public record Claim(RecordId id, String fingerprint, long leaseToken, Instant lockedUntil, Instant expiresAt) {
    public Claim {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(lockedUntil, "lockedUntil");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}
