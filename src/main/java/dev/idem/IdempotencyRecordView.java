package dev.idem;

import dev.idem.spi.RecordState;
import java.time.Instant;
import java.util.List;

/**
 * What {@link IdempotencyAdmin} shows of one stored record: enough for support staff to see
 * whether and how a request ran, never the recorded body itself (it may carry personal data,
 * and such a view tends to end up in logs and tickets).
 *
 * @param scope       hex SHA-256 of the caller's principal and scope header values, as stored
 * @param key         the idempotency key as the client sent it
 * @param state       {@code IN_FLIGHT} while the first execution runs, {@code DONE} once recorded
 * @param fingerprint hex SHA-256 of the first request (method, path, sorted query, body)
 * @param status      the recorded HTTP status (a CDI method: 200 for a return value, 500 for a
 *                    recorded exception); {@code null} while in flight
 * @param headerNames names of the recorded response headers, in order; empty while in flight or
 *                    when {@code readable} is {@code false}
 * @param bodySize    length of the recorded body in bytes (after decryption with encryption at
 *                    rest); {@code null} while in flight or when {@code readable} is {@code false}
 * @param createdAt   when the record was claimed, by the database's clock (same-transaction mode on
 *                    Hibernate ORM, whose claim writes no row: when it was recorded)
 * @param expiresAt   from this instant on the record counts as absent and may be purged
 * @param lockedUntil end of the in-flight owner's lease; {@code null} once done
 * @param expired     whether the record had expired when it was read
 * @param readable    {@code false} for an encrypted record that does not verify (altered at rest,
 *                    or written under a key that is no longer configured): it is never replayed,
 *                    and releasing it lets its key run again
 */
public record IdempotencyRecordView(
        String scope,
        String key,
        RecordState state,
        String fingerprint,
        Integer status,
        List<String> headerNames,
        Integer bodySize,
        Instant createdAt,
        Instant expiresAt,
        Instant lockedUntil,
        boolean expired,
        boolean readable) {

    public IdempotencyRecordView {
        headerNames = List.copyOf(headerNames);
    }
}
