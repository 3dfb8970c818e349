package dev.idem.internal.telemetry;

import dev.idem.internal.engine.FingerprintedCompletion;
import dev.idem.spi.Claim;
import dev.idem.spi.IdempotencyRecord;
import dev.idem.spi.IdempotencyStore;
import dev.idem.spi.RecordId;
import dev.idem.spi.StoredResponse;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Times every call to the store it wraps (failed calls too) into the {@code idem.store} timer.
 */
final class TimedStore implements IdempotencyStore, FingerprintedCompletion {
    private final IdempotencyStore store;
    private final Meters meters;
    private final LongSupplier nanoTime;

    TimedStore(IdempotencyStore store, Meters meters, LongSupplier nanoTime) {
        this.store = store;
        this.meters = meters;
        this.nanoTime = nanoTime;
    }

    @Override
    public boolean tryClaim(Claim claim) {
        return timed(StoreOperation.CLAIM, () -> store.tryClaim(claim));
    }

    @Override
    public List<IdempotencyRecord> findByKey(String key, int limit) {
        return timed(StoreOperation.READ, () -> store.findByKey(key, limit));
    }

    @Override
    public boolean delete(RecordId id, long leaseToken) {
        return timed(StoreOperation.RELEASE, () -> store.delete(id, leaseToken));
    }

    @Override
    public Optional<IdempotencyRecord> find(RecordId id) {
        return timed(StoreOperation.READ, () -> store.find(id));
    }

    @Override
    public boolean takeOver(IdempotencyRecord current, Claim claim) {
        return timed(StoreOperation.TAKE_OVER, () -> store.takeOver(current, claim));
    }

    @Override
    public boolean complete(RecordId id, long leaseToken, StoredResponse response, Instant expiresAt) {
        return timed(StoreOperation.COMPLETE, () -> store.complete(id, leaseToken, response, expiresAt));
    }

    /** Hands the fingerprint on where the wrapped store takes it. */
    @Override
    public boolean complete(RecordId id, long leaseToken, String fingerprint, StoredResponse response, Instant expiresAt) {
        return timed(StoreOperation.COMPLETE,
                () -> FingerprintedCompletion.complete(store, id, leaseToken, fingerprint, response, expiresAt));
    }

    @Override
    public boolean release(RecordId id, long leaseToken) {
        return timed(StoreOperation.RELEASE, () -> store.release(id, leaseToken));
    }

    @Override
    public int purgeExpired(Instant now, int batchSize) {
        return timed(StoreOperation.PURGE, () -> store.purgeExpired(now, batchSize));
    }

    private <T> T timed(StoreOperation operation, Supplier<T> call) {
        long start = nanoTime.getAsLong();
        try {
            return call.get();
        } finally {
            meters.time(operation, nanoTime.getAsLong() - start);
        }
    }
}
