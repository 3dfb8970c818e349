package dev.idem.internal.store;

import static dev.idem.internal.store.Records.NOW;
import static dev.idem.internal.store.Records.claim;
import static dev.idem.internal.store.Records.newId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.idem.spi.Claim;
import dev.idem.spi.IdempotencyRecord;
import dev.idem.spi.RecordId;
import dev.idem.spi.StoreException;
import dev.idem.spi.StoredResponse;
import jakarta.persistence.EntityManagerFactory;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * A store whose database went down after start-up: every operation fails with a
 * {@link StoreException} that keeps the cause, names the key and never shows a body. Run on each
 * JPA provider, against an embedded server of its own that the test stops.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(30)
abstract class StoreUnavailableContract {
    private static final String SECRET_BODY = "card 4111-1111-1111-1111";

    private final JpaProvider provider;
    private EntityManagerFactory factory;
    private TransactionRunner transactions;
    private JpaIdempotencyStore store;
    private IdempotencyRecord record;

    protected StoreUnavailableContract(JpaProvider provider) {
        this.provider = provider;
    }

    @BeforeAll
    void storeWhoseDatabaseStops() {
        try (TestDatabase doomed = TestDatabase.startEmbedded()) {
            factory = provider.createFactory(doomed.jpaProperties());
            transactions = new ResourceLocalTransactionRunner(factory);
            JpaIdempotencyStore.createSchema(transactions, TableName.DEFAULT);
            store = new JpaIdempotencyStore(transactions);
            Claim claim = claim(newId());
            assertThat(store.tryClaim(claim)).isTrue();
            record = store.find(claim.id()).orElseThrow();
        }
    }

    @AfterAll
    void close() {
        if (factory != null) {
            factory.close();
        }
    }

    @Test
    void claim_failsWithStoreException() {
        RecordId id = newId();
        assertUnavailable(() -> store.tryClaim(claim(id)), id);
    }

    @Test
    void find_failsWithStoreException() {
        assertUnavailable(() -> store.find(record.id()), record.id());
    }

    @Test
    void takeOver_failsWithStoreException() {
        assertUnavailable(() -> store.takeOver(record, claim(record.id())), record.id());
    }

    @Test
    void complete_failsWithStoreExceptionThatNeverShowsTheBody() {
        StoredResponse response = new StoredResponse(200, Map.of(), SECRET_BODY.getBytes(StandardCharsets.UTF_8));

        assertUnavailable(() -> store.complete(record.id(), record.leaseToken(), response, NOW), record.id());
    }

    @Test
    void release_failsWithStoreException() {
        assertUnavailable(() -> store.release(record.id(), record.leaseToken()), record.id());
    }

    @Test
    void purge_failsWithStoreException() {
        assertThatThrownBy(() -> store.purgeExpired(NOW, 10))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining(TableName.DEFAULT)
                .cause().isNotNull();
    }

    @Test
    void schemaCreation_failsWithStoreException() {
        assertThatThrownBy(() -> JpaIdempotencyStore.createSchema(transactions, TableName.DEFAULT))
                .isInstanceOf(StoreException.class)
                .cause().isNotNull();
    }

    private static void assertUnavailable(Runnable operation, RecordId id) {
        assertThatThrownBy(operation::run)
                .isInstanceOf(StoreException.class)
                .hasMessageContaining(id.key())
                .hasMessageNotContaining(SECRET_BODY)
                .cause().isNotNull();
    }
}
