package dev.idem.internal.engine;

import dev.idem.spi.Claim;
import dev.idem.spi.IdempotencyRecord;
import dev.idem.spi.IdempotencyStore;

/**
 * A store that claims a key and, when it exists, reads its record in the same statement: one
 * round trip and one transaction instead of {@code tryClaim} followed by {@code find}.
 */
public interface ClaimOrRead {

    /** Inserts the claim unless the id exists; if it does, returns the existing record as {@code find} would. */
    Attempt claimOrRead(Claim claim);

    /**
     * Claims through {@code store} in one statement when it can, otherwise with
     * {@link IdempotencyStore#tryClaim} followed, when the key exists, by {@link IdempotencyStore#find}.
     */
    static Attempt attempt(IdempotencyStore store, Claim claim) {
        if (store instanceof ClaimOrRead claimOrRead) {
            return claimOrRead.claimOrRead(claim);
        }
        if (store.tryClaim(claim)) {
            return Attempt.CLAIMED;
        }
        return new Attempt(false, store.find(claim.id()).orElse(null));
    }

    /**
     * What a claim found.
     *
     * @param claimed  this call created the record and owns the key
     * @param existing the record that was there, or {@code null} when claimed, or when it was
     *                 released or purged between the insert and the read (the caller tries again)
     */
    record Attempt(boolean claimed, IdempotencyRecord existing) {
        public static final Attempt CLAIMED = new Attempt(true, null);
        public static final Attempt VANISHED = new Attempt(false, null);
    }
}
