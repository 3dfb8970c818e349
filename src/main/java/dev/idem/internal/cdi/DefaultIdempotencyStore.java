package dev.idem.internal.cdi;

import dev.idem.internal.config.StoreSettings;
import dev.idem.internal.store.JpaIdempotencyStore;
import dev.idem.internal.store.JoinedTransactionRunner;
import dev.idem.internal.store.JtaTransactionRunner;
import dev.idem.spi.Claim;
import dev.idem.spi.IdempotencyRecord;
import dev.idem.spi.IdempotencyStore;
import dev.idem.spi.RecordId;
import dev.idem.spi.StoredResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The default store: records in PostgreSQL through the application's JPA persistence unit, each
 * operation in its own transaction. An application replaces it with its own
 * {@code @Alternative @Priority(1)} bean implementing {@link IdempotencyStore}.
 */
@ApplicationScoped
public class DefaultIdempotencyStore implements IdempotencyStore {
    private JtaTransactionRunner transactions;
    private JpaIdempotencyStore store;
    private JpaIdempotencyStore joined;

    protected DefaultIdempotencyStore() {
        // for the CDI proxy
    }

    @Inject
    public DefaultIdempotencyStore(JtaTransactionRunner transactions, JoinedTransactionRunner joinedTransactions) {
        this.transactions = transactions;
        StoreSettings settings = MicroProfileSettings.resolver().resolveStore();
        // Its own short transactions commit asynchronously (made durable by the next synchronous
        // commit, the business transaction's); the joined store never touches the caller's commit.
        this.store = new JpaIdempotencyStore(transactions, settings.table(), true);
        this.joined = JpaIdempotencyStore.joined(joinedTransactions, settings.table());
    }

    /** The same table, every operation joining the caller's JTA transaction: same-transaction mode. */
    public IdempotencyStore joined() {
        return joined;
    }

    /** Creates the table and its index when missing (the shipped DDL). */
    public void createSchema() {
        JpaIdempotencyStore.createSchema(transactions, MicroProfileSettings.resolver().resolveStore().table());
    }

    @Override
    public boolean tryClaim(Claim claim) {
        return store.tryClaim(claim);
    }

    @Override
    public Optional<IdempotencyRecord> find(RecordId id) {
        return store.find(id);
    }

    @Override
    public boolean takeOver(IdempotencyRecord current, Claim claim) {
        return store.takeOver(current, claim);
    }

    @Override
    public boolean complete(RecordId id, long leaseToken, StoredResponse response, Instant expiresAt) {
        return store.complete(id, leaseToken, response, expiresAt);
    }

    @Override
    public boolean release(RecordId id, long leaseToken) {
        return store.release(id, leaseToken);
    }

    @Override
    public int purgeExpired(Instant now, int batchSize) {
        return store.purgeExpired(now, batchSize);
    }

    @Override
    public List<IdempotencyRecord> findByKey(String key, int limit) {
        return store.findByKey(key, limit);
    }

    @Override
    public boolean delete(RecordId id, long leaseToken) {
        return store.delete(id, leaseToken);
    }
}
