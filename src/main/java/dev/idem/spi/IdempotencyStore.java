package dev.idem.spi;

import java.time.Instant;
import java.util.Optional;

/**
 * Where records live. The default implementation keeps them in PostgreSQL through JPA; an
 * application can supply its own as a CDI bean annotated {@code @Alternative @Priority(1)}.
 *
 * <p>Every method is atomic on its own and must be safe under concurrent calls from many
 * threads and many application instances. Failures surface as {@link StoreException} (any other
 * runtime exception is treated the same way by the engine).
 */
public interface IdempotencyStore {

    /**
     * Inserts the claim as an in-flight record unless a record with the same id exists
     * (expired or not): {@code INSERT ... ON CONFLICT DO NOTHING}.
     *
     * @return {@code true} when this call created the record and so owns the key
     */
    boolean tryClaim(Claim claim);

    /** Reads the record with this id, expired or not. */
    Optional<IdempotencyRecord> find(RecordId id);

    /**
     * Replaces {@code current} (an expired record, or an in-flight record whose lease ran out) by
     * the new claim, only if the stored row still carries {@code current}'s lease token and state,
     * so that of several contenders exactly one wins.
     *
     * @return {@code true} when this call took the key over
     */
    boolean takeOver(IdempotencyRecord current, Claim claim);

    /**
     * Records the outcome of the owner holding {@code leaseToken}: the record becomes done and
     * expires at {@code expiresAt}. A stale owner (token taken over) changes nothing.
     *
     * @return {@code true} when the record was completed by this call
     */
    boolean complete(RecordId id, long leaseToken, StoredResponse response, Instant expiresAt);

    /**
     * Deletes the in-flight record held with {@code leaseToken}, so that a retry runs again.
     *
     * @return {@code true} when a record was deleted
     */
    boolean release(RecordId id, long leaseToken);

    /**
     * Deletes at most {@code batchSize} records that expired at or before {@code now}, skipping
     * rows another transaction holds, in one short transaction.
     *
     * @return the number of records deleted
     */
    int purgeExpired(Instant now, int batchSize);
}
