package dev.idem.spi;

import java.time.Instant;
import java.util.List;
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

    /**
     * Reads the records with this key in every scope, expired or not, at most {@code limit} of
     * them, oldest first. For administration ({@code dev.idem.IdempotencyAdmin}), not for the
     * request path: a store may answer it with a scan.
     *
     * <p>The default throws {@link UnsupportedOperationException}: a store that does not implement
     * it still serves requests, only the administration API cannot look its records up.
     */
    default List<IdempotencyRecord> findByKey(String key, int limit) {
        throw new UnsupportedOperationException(getClass().getName() + " does not support looking records up by key");
    }

    /**
     * Deletes the record with this id if it still carries {@code leaseToken}, whatever its state,
     * so that the next request with its key runs again. For administration
     * ({@code dev.idem.IdempotencyAdmin}); the token makes sure that a record claimed anew since
     * it was read is left alone.
     *
     * <p>The default throws {@link UnsupportedOperationException}, as for {@link #findByKey}.
     *
     * @return {@code true} when a record was deleted
     */
    default boolean delete(RecordId id, long leaseToken) {
        throw new UnsupportedOperationException(getClass().getName() + " does not support deleting records");
    }
}
