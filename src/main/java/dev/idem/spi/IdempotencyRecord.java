package dev.idem.spi;

import java.time.Instant;

/**
 * One row of the store as read back.
 *
 * @param id          scope and key
 * @param fingerprint hex SHA-256 of what the first request asked for
 * @param state       in flight or done
 * @param leaseToken  the fencing token of the current owner; completion and release must present it
 * @param lockedUntil end of the current owner's lease ({@code null} once done)
 * @param createdAt   when the record was claimed, by the store's clock
 * @param expiresAt   when the record stops counting; at or after this instant it is as if absent
 * @param response    the recorded response when {@code DONE}, otherwise {@code null}
 */
public record IdempotencyRecord(
        RecordId id,
        String fingerprint,
        RecordState state,
        long leaseToken,
        Instant lockedUntil,
        Instant createdAt,
        Instant expiresAt,
        StoredResponse response) {

    /** Whether the record counts as absent at {@code now}. */
    public boolean isExpired(Instant now) {
        return !expiresAt.isAfter(now);
    }

    /** Whether an in-flight owner's lease has run out at {@code now}. */
    public boolean isLeaseExpired(Instant now) {
        return state == RecordState.IN_FLIGHT && (lockedUntil == null || !lockedUntil.isAfter(now));
    }
}
