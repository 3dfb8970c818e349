package dev.idem.internal.store;

import static dev.idem.internal.store.Records.NOW;
import static dev.idem.internal.store.Records.TTL;
import static dev.idem.internal.store.Records.claim;
import static dev.idem.internal.store.Records.claimAt;
import static dev.idem.internal.store.Records.newId;
import static dev.idem.internal.store.Records.richResponse;
import static org.assertj.core.api.Assertions.assertThat;

import dev.idem.spi.Claim;
import dev.idem.spi.IdempotencyRecord;
import dev.idem.spi.RecordId;
import dev.idem.spi.RecordState;
import dev.idem.spi.StoredResponse;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityTransaction;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Same-transaction mode's store ({@link JpaIdempotencyStore#joined}), every operation in a
 * transaction the test holds open as a caller would: a claim locks the key and writes nothing,
 * the completion writes the finished record, a duplicate waits for the first transaction to end.
 * Run on each JPA provider against PostgreSQL.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class JoinedStoreContract {
    private static final String TABLE = "idem_joined";
    private static final Instant EXPIRES = NOW.plus(TTL);

    private final JpaProvider provider;
    /** The records as another transaction sees them, committed only. */
    private JpaIdempotencyStore outside;
    private ExecutorService pool;

    protected JoinedStoreContract(JpaProvider provider) {
        this.provider = provider;
    }

    @BeforeEach
    void setUp() {
        JpaIdempotencyStore.createSchema(provider.sharedTransactions(), TABLE);
        TestDatabase.shared().execute("TRUNCATE " + TABLE);
        outside = new JpaIdempotencyStore(provider.sharedTransactions(), TABLE);
        pool = Executors.newFixedThreadPool(2);
    }

    @AfterEach
    void tearDown() {
        pool.shutdownNow();
    }

    /** A caller's open transaction, which the joined store's operations become part of. */
    private final class Caller implements AutoCloseable {
        final EntityManager em = provider.sharedFactory().createEntityManager();
        final EntityTransaction tx = em.getTransaction();
        final JpaIdempotencyStore store = JpaIdempotencyStore.joined(new TransactionRunner() {
            @Override
            public <T> T inTransaction(Function<EntityManager, T> work) {
                return work.apply(em);
            }
        }, TABLE);

        Caller() {
            tx.begin();
        }

        boolean complete(Claim claim, StoredResponse response) {
            return store.complete(claim.id(), claim.leaseToken(), claim.fingerprint(), response, EXPIRES);
        }

        void commit() {
            tx.commit();
        }

        @Override
        public void close() {
            if (tx.isActive()) {
                tx.rollback();
            }
            em.close();
        }
    }

    @Test
    void aClaim_commitsNothing_andTheCompletionWritesTheFinishedRecord() {
        Claim claim = claim(newId());
        try (Caller caller = new Caller()) {
            assertThat(caller.store.tryClaim(claim)).isTrue();
            assertThat(outside.find(claim.id())).as("nothing committed").isEmpty();

            assertThat(caller.complete(claim, richResponse())).isTrue();
            assertThat(outside.find(claim.id())).as("not committed yet").isEmpty();
            caller.commit();
        }

        IdempotencyRecord record = outside.find(claim.id()).orElseThrow();
        assertThat(record.state()).isEqualTo(RecordState.DONE);
        assertThat(record.fingerprint()).isEqualTo(claim.fingerprint());
        assertThat(record.leaseToken()).isEqualTo(claim.leaseToken());
        assertThat(record.lockedUntil()).isNull();
        assertThat(record.expiresAt()).isEqualTo(EXPIRES);
        assertThat(record.createdAt()).isNotNull();
        StoredResponse stored = record.response();
        assertThat(stored.status()).isEqualTo(richResponse().status());
        assertThat(stored.headers()).isEqualTo(richResponse().headers());
        assertThat(stored.body()).isEqualTo(richResponse().body());
    }

    @Test
    void aClaim_onHibernateOnlyLocksTheKey_elsewhereInsertsTheInFlightRow() {
        Claim claim = claim(newId());
        try (Caller caller = new Caller()) {
            caller.store.tryClaim(claim);

            if (provider == JpaProvider.HIBERNATE) {
                assertThat(caller.store.find(claim.id())).as("no row written by the claim").isEmpty();
                assertThat(heldLocks(caller)).as("the key's advisory lock").containsExactly(caller.store.lockOf(claim.id()));
            } else {
                assertThat(caller.store.find(claim.id()).orElseThrow().state()).isEqualTo(RecordState.IN_FLIGHT);
                assertThat(heldLocks(caller)).as("no advisory lock").isEmpty();
            }
        }
    }

    /** The advisory locks (one 64-bit key each) that the caller's transaction holds. */
    private static List<Long> heldLocks(Caller caller) {
        List<?> rows = caller.em.createNativeQuery("SELECT (classid::bigint << 32) | objid::bigint FROM pg_locks"
                + " WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND objsubid = 1").getResultList();
        return rows.stream().map(row -> ((Number) row).longValue()).toList();
    }

    @Test
    void aRolledBackTransaction_leavesNoRecord_andTheKeyIsFree() {
        Claim claim = claim(newId());
        try (Caller caller = new Caller()) {
            assertThat(caller.store.tryClaim(claim)).isTrue();
            assertThat(caller.complete(claim, richResponse())).isTrue();
        } // rolled back

        assertThat(outside.find(claim.id())).isEmpty();
        try (Caller again = new Caller()) {
            assertThat(again.store.tryClaim(claim(claim.id()))).isTrue();
        }
    }

    @Test
    void aClaimOfARecordedKey_isRefused_soThatTheEngineReadsIt() {
        Claim first = claim(newId());
        try (Caller caller = new Caller()) {
            caller.store.tryClaim(first);
            caller.complete(first, richResponse());
            caller.commit();
        }

        try (Caller caller = new Caller()) {
            assertThat(caller.store.tryClaim(claim(first.id()))).isFalse();
        }
    }

    @Test
    void aDuplicate_waitsWhileTheFirstTransactionIsOpen_thenSeesItsRecord() throws Exception {
        Claim first = claim(newId());
        try (Caller caller = new Caller()) {
            assertThat(caller.store.tryClaim(first)).isTrue();
            Future<Boolean> duplicate = pool.submit(() -> {
                try (Caller other = new Caller()) {
                    return other.store.tryClaim(claim(first.id()));
                }
            });
            assertWaiting(duplicate);

            caller.complete(first, richResponse());
            caller.commit();

            assertThat(duplicate.get(10, TimeUnit.SECONDS)).as("the first one's record is there").isFalse();
        }
    }

    @Test
    void aDuplicate_waitingForAFirstTransactionThatRollsBack_claimsTheKey() throws Exception {
        Claim first = claim(newId());
        Future<Boolean> duplicate;
        try (Caller caller = new Caller()) {
            assertThat(caller.store.tryClaim(first)).isTrue();
            duplicate = pool.submit(() -> {
                try (Caller other = new Caller()) {
                    return other.store.tryClaim(claim(first.id()));
                }
            });
            assertWaiting(duplicate);
            caller.complete(first, richResponse());
        } // rolled back

        assertThat(duplicate.get(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void anotherKey_doesNotWait() {
        try (Caller caller = new Caller(); Caller other = new Caller()) {
            assertThat(caller.store.tryClaim(claim(newId()))).isTrue();
            assertThat(other.store.tryClaim(claim(newId()))).isTrue();
        }
    }

    @Test
    void aSeparateModeClaimOfTheKey_eitherWinsAndTheCompletionWritesNothing_orWaitsForTheTransaction() throws Exception {
        Claim mine = claim(newId());
        Claim separate = claim(mine.id());
        StoredResponse theirs = new StoredResponse(200, Map.of(), new byte[] {'t'});
        try (Caller caller = new Caller()) {
            assertThat(caller.store.tryClaim(mine)).isTrue();
            Future<Boolean> claimed = pool.submit(() -> outside.tryClaim(separate)
                    && outside.complete(separate.id(), separate.leaseToken(), theirs, EXPIRES));

            if (provider == JpaProvider.HIBERNATE) {
                // The lock does not stop a request that takes none: it records the key, so this transaction may not.
                assertThat(claimed.get(10, TimeUnit.SECONDS)).isTrue();
                assertThat(caller.complete(mine, richResponse())).isFalse();
            } else {
                // The uncommitted in-flight row's unique key holds the other claim back until this transaction ends.
                assertWaiting(claimed);
                assertThat(caller.complete(mine, richResponse())).isTrue();
            }
            caller.commit();
            if (provider != JpaProvider.HIBERNATE) {
                assertThat(claimed.get(10, TimeUnit.SECONDS)).as("the other claim, once this one committed").isFalse();
            }
        }

        IdempotencyRecord record = outside.find(mine.id()).orElseThrow();
        Claim winner = provider == JpaProvider.HIBERNATE ? separate : mine;
        assertThat(record.state()).isEqualTo(RecordState.DONE);
        assertThat(record.leaseToken()).isEqualTo(winner.leaseToken());
    }

    @Test
    void anExpiredRecord_isTakenOverInTheTransaction_andCompletedThere() {
        RecordId id = newId();
        Claim dead = claimAt(id, NOW.minus(Duration.ofHours(2)));
        assertThat(outside.tryClaim(dead)).isTrue();
        Claim retry = claim(id);
        try (Caller caller = new Caller()) {
            assertThat(caller.store.tryClaim(retry)).as("a record exists").isFalse();
            IdempotencyRecord stuck = caller.store.find(id).orElseThrow();
            assertThat(caller.store.takeOver(stuck, retry)).isTrue();
            assertThat(caller.complete(retry, richResponse())).isTrue();
            caller.commit();
        }

        IdempotencyRecord record = outside.find(id).orElseThrow();
        assertThat(record.state()).isEqualTo(RecordState.DONE);
        assertThat(record.leaseToken()).isEqualTo(retry.leaseToken());
        assertThat(record.fingerprint()).isEqualTo(retry.fingerprint());
    }

    @Test
    void aReleasedClaim_leavesNoRecord_evenWhenItsTransactionCommits() {
        Claim claim = claim(newId());
        try (Caller caller = new Caller()) {
            caller.store.tryClaim(claim);
            caller.store.release(claim.id(), claim.leaseToken());
            caller.commit();
        }

        assertThat(outside.find(claim.id())).isEmpty();
    }

    @Test
    void theLockOfAKey_isTheSameInEveryInstance_andDiffersBetweenKeysScopesAndTables() {
        TransactionRunner none = new TransactionRunner() {
            @Override
            public <T> T inTransaction(Function<EntityManager, T> work) {
                throw new AssertionError("no statement expected");
            }
        };
        RecordId id = new RecordId("a".repeat(64), "key-0000000000000001");
        JpaIdempotencyStore one = JpaIdempotencyStore.joined(none, TABLE);
        JpaIdempotencyStore two = JpaIdempotencyStore.joined(none, TABLE);

        assertThat(one.lockOf(id)).isEqualTo(two.lockOf(id));
        assertThat(one.lockOf(new RecordId(id.scope(), "key-0000000000000002"))).isNotEqualTo(one.lockOf(id));
        assertThat(one.lockOf(new RecordId("b".repeat(64), id.key()))).isNotEqualTo(one.lockOf(id));
        assertThat(JpaIdempotencyStore.joined(none, "other_table").lockOf(id)).isNotEqualTo(one.lockOf(id));
    }

    private static void assertWaiting(Future<?> future) throws Exception {
        try {
            future.get(500, TimeUnit.MILLISECONDS);
            throw new AssertionError("expected to wait for the first transaction, but returned " + future.get());
        } catch (TimeoutException expected) {
            // still waiting
        }
    }
}
