package dev.idem.internal.engine;

import dev.idem.spi.IdempotencyStore;
import dev.idem.spi.RecordId;
import dev.idem.spi.StoredResponse;
import java.time.Instant;

/**
 * A store that needs the record's fingerprint to complete it (encryption at rest binds it into
 * the envelope). The engine hands over the fingerprint its claim was written with, which the row
 * keeps for as long as the lease token matches (a takeover replaces both), so the store need not
 * read the row first.
 */
public interface FingerprintedCompletion {

    /** As {@link dev.idem.spi.IdempotencyStore#complete}, knowing the claim's fingerprint. */
    boolean complete(RecordId id, long leaseToken, String fingerprint, StoredResponse response, Instant expiresAt);

    /**
     * Completes the record in {@code store}, handing the fingerprint on where the store takes it
     * ({@link FingerprintedCompletion}), as a plain {@link IdempotencyStore#complete} elsewhere.
     */
    static boolean complete(IdempotencyStore store, RecordId id, long leaseToken, String fingerprint,
                            StoredResponse response, Instant expiresAt) {
        return store instanceof FingerprintedCompletion fingerprinted
                ? fingerprinted.complete(id, leaseToken, fingerprint, response, expiresAt)
                : store.complete(id, leaseToken, response, expiresAt);
    }
}
