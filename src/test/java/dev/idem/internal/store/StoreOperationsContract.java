package dev.idem.internal.store;

import static dev.idem.internal.store.Records.NOW;
import static dev.idem.internal.store.Records.claim;
import static dev.idem.internal.store.Records.claimAt;
import static dev.idem.internal.store.Records.newId;
import static dev.idem.internal.store.Records.richResponse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.idem.spi.Claim;
import dev.idem.spi.IdempotencyRecord;
import dev.idem.spi.RecordId;
import dev.idem.spi.RecordState;
import dev.idem.spi.StoreException;
import dev.idem.spi.StoredResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The store's behaviour, operation by operation; run on each JPA provider by {@link HibernateStoreTest} and {@link EclipseLinkStoreTest}. */
abstract class StoreOperationsContract {
    private final JpaProvider provider;
    private JpaIdempotencyStore store;

    protected StoreOperationsContract(JpaProvider provider) {
        this.provider = provider;
    }

    @BeforeEach
    void emptyTable() {
        JpaIdempotencyStore.createSchema(provider.sharedTransactions(), TableName.DEFAULT);
        TestDatabase.shared().execute("TRUNCATE " + TableName.DEFAULT);
        // as separate mode runs it: every operation committing asynchronously
        store = new JpaIdempotencyStore(provider.sharedTransactions(), TableName.DEFAULT, true);
    }

    @Test
    void claimOfNewKey_createsInFlightRecordStampedByTheDatabase() {
        Claim claim = claim(newId());
        Instant before = Instant.now().minusSeconds(5);

        assertThat(store.tryClaim(claim)).isTrue();

        IdempotencyRecord record = store.find(claim.id()).orElseThrow();
        assertThat(record.id()).isEqualTo(claim.id());
        assertThat(record.fingerprint()).isEqualTo(claim.fingerprint());
        assertThat(record.state()).isEqualTo(RecordState.IN_FLIGHT);
        assertThat(record.leaseToken()).isEqualTo(claim.leaseToken());
        assertThat(record.lockedUntil()).isEqualTo(claim.lockedUntil());
        assertThat(record.expiresAt()).isEqualTo(claim.expiresAt());
        assertThat(record.createdAt()).isBetween(before, Instant.now().plusSeconds(5));
        assertThat(record.response()).isNull();
    }

    @Test
    void secondClaimOfSameKey_isRefusedAndKeepsTheFirst() {
        RecordId id = newId();
        Claim first = claim(id);
        store.tryClaim(first);

        assertThat(store.tryClaim(claim(id))).isFalse();

        IdempotencyRecord record = store.find(id).orElseThrow();
        assertThat(record.leaseToken()).isEqualTo(first.leaseToken());
        assertThat(record.fingerprint()).isEqualTo(first.fingerprint());
    }

    @Test
    void sameKeyInAnotherScope_isAnotherRecord() {
        RecordId id = newId();
        RecordId otherScope = new RecordId(Records.hex64(), id.key());
        store.tryClaim(claim(id));

        assertThat(store.tryClaim(claim(otherScope))).isTrue();
    }

    @Test
    void findOfUnknownKey_isEmpty() {
        assertThat(store.find(newId())).isEmpty();
    }

    @Test
    void completeWithOwnersToken_recordsTheResponseExactly() {
        Claim claim = claim(newId());
        store.tryClaim(claim);
        Instant createdAt = store.find(claim.id()).orElseThrow().createdAt();
        StoredResponse response = richResponse();
        Instant expiresAt = NOW.plus(Duration.ofHours(2)).plusNanos(1_000);

        assertThat(store.complete(claim.id(), claim.leaseToken(), response, expiresAt)).isTrue();

        IdempotencyRecord record = store.find(claim.id()).orElseThrow();
        assertThat(record.state()).isEqualTo(RecordState.DONE);
        assertThat(record.response()).isEqualTo(response);
        assertThat(List.copyOf(record.response().headers().keySet()))
                .containsExactly("Location", "Content-Type", "Link", "ETag");
        assertThat(record.response().body()).containsExactly(response.body());
        assertThat(record.expiresAt()).isEqualTo(expiresAt);
        assertThat(record.lockedUntil()).isNull();
        assertThat(record.leaseToken()).isEqualTo(claim.leaseToken());
        assertThat(record.fingerprint()).isEqualTo(claim.fingerprint());
        assertThat(record.createdAt()).isEqualTo(createdAt);
    }

    @Test
    void responseWithoutBodyOrHeaders_roundTripsAsEmpty() {
        Claim claim = claim(newId());
        store.tryClaim(claim);
        StoredResponse empty = new StoredResponse(204, Map.of(), new byte[0]);

        store.complete(claim.id(), claim.leaseToken(), empty, NOW.plus(Records.TTL));

        StoredResponse stored = store.find(claim.id()).orElseThrow().response();
        assertThat(stored.status()).isEqualTo(204);
        assertThat(stored.headers()).isEmpty();
        assertThat(stored.body()).isEmpty();
    }

    @Test
    void headersWithSeparatorsEscapesAndNonAscii_roundTripExactly() {
        Claim claim = claim(newId());
        store.tryClaim(claim);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("X-Odd:Name\\", List.of("a: b", "line\nbreak\r", "nul\0char", "  padded  ", ""));
        headers.put("X-None", List.of());
        headers.put("x-unicode", List.of("caf\u00e9 \u2603"));
        StoredResponse response = new StoredResponse(200, headers, "ok".getBytes());

        store.complete(claim.id(), claim.leaseToken(), response, NOW.plus(Records.TTL));

        assertThat(store.find(claim.id()).orElseThrow().response().headers()).isEqualTo(headers)
                .containsOnlyKeys("X-Odd:Name\\", "X-None", "x-unicode");
        assertThat(List.copyOf(store.find(claim.id()).orElseThrow().response().headers().keySet()))
                .containsExactly("X-Odd:Name\\", "X-None", "x-unicode");
    }

    @Test
    void completeWithStaleToken_isRefusedAndChangesNothing() {
        Claim claim = claim(newId());
        store.tryClaim(claim);

        assertThat(store.complete(claim.id(), claim.leaseToken() + 1, richResponse(), NOW.plus(Records.TTL))).isFalse();

        IdempotencyRecord record = store.find(claim.id()).orElseThrow();
        assertThat(record.state()).isEqualTo(RecordState.IN_FLIGHT);
        assertThat(record.response()).isNull();
        assertThat(record.expiresAt()).isEqualTo(claim.expiresAt());
    }

    @Test
    void secondCompletion_isRefusedAndKeepsTheFirstResponse() {
        Claim claim = claim(newId());
        store.tryClaim(claim);
        StoredResponse first = richResponse();
        store.complete(claim.id(), claim.leaseToken(), first, NOW.plus(Records.TTL));

        assertThat(store.complete(claim.id(), claim.leaseToken(), new StoredResponse(500, Map.of(), new byte[1]),
                NOW.plus(Records.TTL))).isFalse();

        assertThat(store.find(claim.id()).orElseThrow().response()).isEqualTo(first);
    }

    @Test
    void completeOfUnknownKey_isRefused() {
        assertThat(store.complete(newId(), 1L, richResponse(), NOW)).isFalse();
    }

    @Test
    void releaseWithOwnersToken_deletesTheRecord() {
        Claim claim = claim(newId());
        store.tryClaim(claim);

        assertThat(store.release(claim.id(), claim.leaseToken())).isTrue();

        assertThat(store.find(claim.id())).isEmpty();
        assertThat(store.tryClaim(claim(claim.id()))).isTrue();
    }

    @Test
    void releaseWithWrongToken_keepsTheRecord() {
        Claim claim = claim(newId());
        store.tryClaim(claim);

        assertThat(store.release(claim.id(), claim.leaseToken() + 1)).isFalse();

        assertThat(store.find(claim.id())).isPresent();
    }

    @Test
    void releaseOfCompletedRecord_isRefused() {
        Claim claim = claim(newId());
        store.tryClaim(claim);
        store.complete(claim.id(), claim.leaseToken(), richResponse(), NOW.plus(Records.TTL));

        assertThat(store.release(claim.id(), claim.leaseToken())).isFalse();

        assertThat(store.find(claim.id()).orElseThrow().state()).isEqualTo(RecordState.DONE);
    }

    @Test
    void expiredRecord_isStillFound() {
        Claim claim = claimAt(newId(), NOW.minus(Duration.ofDays(3)));
        store.tryClaim(claim);
        store.complete(claim.id(), claim.leaseToken(), richResponse(), NOW.minus(Duration.ofDays(2)));

        IdempotencyRecord record = store.find(claim.id()).orElseThrow();

        assertThat(record.isExpired(NOW)).isTrue();
        assertThat(record.response()).isEqualTo(richResponse());
    }

    @Test
    void takeOverOfExpiredRecord_rewritesItAsAFreshClaim() {
        Claim old = claimAt(newId(), NOW.minus(Duration.ofDays(3)));
        store.tryClaim(old);
        store.complete(old.id(), old.leaseToken(), richResponse(), NOW.minus(Duration.ofDays(2)));
        IdempotencyRecord expired = store.find(old.id()).orElseThrow();
        Claim fresh = claim(old.id());

        assertThat(store.takeOver(expired, fresh)).isTrue();

        IdempotencyRecord record = store.find(old.id()).orElseThrow();
        assertThat(record.state()).isEqualTo(RecordState.IN_FLIGHT);
        assertThat(record.fingerprint()).isEqualTo(fresh.fingerprint());
        assertThat(record.leaseToken()).isEqualTo(fresh.leaseToken());
        assertThat(record.lockedUntil()).isEqualTo(fresh.lockedUntil());
        assertThat(record.expiresAt()).isEqualTo(fresh.expiresAt());
        assertThat(record.createdAt()).isAfterOrEqualTo(expired.createdAt());
        assertThat(record.response()).isNull();
        assertThat(TestDatabase.shared().queryForLong("SELECT count(*) FROM idem_record"
                + " WHERE status IS NULL AND headers IS NULL AND body IS NULL AND locked_until IS NOT NULL"))
                .isEqualTo(1);
    }

    @Test
    void takeOverOfLeaseExpiredClaim_fencesTheDeadOwner() {
        Claim dead = claimAt(newId(), NOW.minus(Duration.ofMinutes(5)));
        store.tryClaim(dead);
        IdempotencyRecord stuck = store.find(dead.id()).orElseThrow();
        assertThat(stuck.isLeaseExpired(NOW)).isTrue();
        Claim next = claim(dead.id());

        assertThat(store.takeOver(stuck, next)).isTrue();

        assertThat(store.complete(dead.id(), dead.leaseToken(), richResponse(), NOW.plus(Records.TTL))).isFalse();
        assertThat(store.release(dead.id(), dead.leaseToken())).isFalse();
        assertThat(store.complete(next.id(), next.leaseToken(), richResponse(), NOW.plus(Records.TTL))).isTrue();
    }

    @Test
    void secondTakeOverFromTheSameSnapshot_isRefused() {
        Claim dead = claimAt(newId(), NOW.minus(Duration.ofMinutes(5)));
        store.tryClaim(dead);
        IdempotencyRecord snapshot = store.find(dead.id()).orElseThrow();
        Claim winner = claim(dead.id());

        assertThat(store.takeOver(snapshot, winner)).isTrue();
        assertThat(store.takeOver(snapshot, claim(dead.id()))).isFalse();

        assertThat(store.find(dead.id()).orElseThrow().leaseToken()).isEqualTo(winner.leaseToken());
    }

    @Test
    void takeOverFromAnInFlightSnapshot_isRefusedOnceTheOwnerCompleted() {
        Claim owner = claimAt(newId(), NOW.minus(Duration.ofMinutes(5)));
        store.tryClaim(owner);
        IdempotencyRecord inFlight = store.find(owner.id()).orElseThrow();
        store.complete(owner.id(), owner.leaseToken(), richResponse(), NOW.plus(Records.TTL));

        assertThat(store.takeOver(inFlight, claim(owner.id()))).isFalse();

        assertThat(store.find(owner.id()).orElseThrow().response()).isEqualTo(richResponse());
    }

    @Test
    void takeOverOfPurgedRecord_isRefused() {
        Claim old = claimAt(newId(), NOW.minus(Duration.ofDays(3)));
        store.tryClaim(old);
        IdempotencyRecord snapshot = store.find(old.id()).orElseThrow();
        store.purgeExpired(NOW, 10);

        assertThat(store.takeOver(snapshot, claim(old.id()))).isFalse();

        assertThat(store.find(old.id())).isEmpty();
    }

    @Test
    void takeOverWithAnotherId_isAProgrammingError() {
        Claim claim = claim(newId());
        store.tryClaim(claim);
        IdempotencyRecord record = store.find(claim.id()).orElseThrow();

        assertThatThrownBy(() -> store.takeOver(record, claim(newId()))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void purge_deletesOnlyExpiredRecords_inBatches() {
        for (int i = 0; i < 4; i++) {
            store.tryClaim(new Claim(newId(), Records.hex64(), Records.newToken(), NOW, NOW.minusSeconds(i + 1)));
        }
        Claim expiringNow = new Claim(newId(), Records.hex64(), Records.newToken(), NOW, NOW);
        store.tryClaim(expiringNow);
        Claim live = new Claim(newId(), Records.hex64(), Records.newToken(), NOW, NOW.plusNanos(1_000));
        store.tryClaim(live);
        Claim done = claim(newId());
        store.tryClaim(done);
        store.complete(done.id(), done.leaseToken(), richResponse(), NOW.plus(Records.TTL));

        assertThat(store.purgeExpired(NOW, 2)).isEqualTo(2);
        assertThat(store.purgeExpired(NOW, 2)).isEqualTo(2);
        assertThat(store.purgeExpired(NOW, 2)).isEqualTo(1);
        assertThat(store.purgeExpired(NOW, 2)).isZero();

        assertThat(store.find(expiringNow.id())).isEmpty();
        assertThat(store.find(live.id())).isPresent();
        assertThat(store.find(done.id())).isPresent();
        assertThat(TestDatabase.shared().queryForLong("SELECT count(*) FROM idem_record")).isEqualTo(2);
    }

    @Test
    void findByKey_readsTheKeyInEveryScope_expiredIncluded_oldestFirst_upToTheLimit() {
        String key = "key-" + java.util.UUID.randomUUID();
        RecordId first = new RecordId(Records.hex64(), key);
        RecordId second = new RecordId(Records.hex64(), key);
        RecordId third = new RecordId(Records.hex64(), key);
        Claim done = claim(first);
        store.tryClaim(done);
        store.complete(first, done.leaseToken(), richResponse(), NOW.minusSeconds(1));
        store.tryClaim(claim(second));
        store.tryClaim(claim(third));
        store.tryClaim(claim(newId()));

        List<IdempotencyRecord> records = store.findByKey(key, 10);

        assertThat(records).extracting(IdempotencyRecord::id).containsExactly(first, second, third);
        assertThat(records.get(0).state()).isEqualTo(RecordState.DONE);
        assertThat(records.get(0).response()).isEqualTo(richResponse());
        assertThat(records.get(0).isExpired(NOW)).isTrue();
        assertThat(records.get(1)).isEqualTo(store.find(second).orElseThrow());
        assertThat(store.findByKey(key, 2)).hasSize(2);
        assertThat(store.findByKey("no-such-key-" + java.util.UUID.randomUUID(), 10)).isEmpty();
        assertThatThrownBy(() -> store.findByKey(key, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void delete_removesTheRecordInAnyState_onlyWithItsCurrentLeaseToken() {
        Claim inFlight = claim(newId());
        store.tryClaim(inFlight);
        Claim done = claim(newId());
        store.tryClaim(done);
        store.complete(done.id(), done.leaseToken(), richResponse(), NOW.plus(Records.TTL));

        assertThat(store.delete(inFlight.id(), inFlight.leaseToken() + 1)).isFalse();
        assertThat(store.find(inFlight.id())).isPresent();
        assertThat(store.delete(inFlight.id(), inFlight.leaseToken())).isTrue();
        assertThat(store.delete(done.id(), done.leaseToken())).isTrue();
        assertThat(store.delete(done.id(), done.leaseToken())).isFalse();

        assertThat(store.find(inFlight.id())).isEmpty();
        assertThat(store.find(done.id())).isEmpty();
        assertThat(store.tryClaim(claim(done.id()))).as("the key is free again").isTrue();
    }

    @Test
    void purgeWithBatchSizeBelowOne_isAProgrammingError() {
        assertThatThrownBy(() -> store.purgeExpired(NOW, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void statementOnMissingTable_failsWithStoreExceptionNamingTheKey() {
        JpaIdempotencyStore missing = new JpaIdempotencyStore(provider.sharedTransactions(), "no_such_table");
        RecordId id = newId();

        assertThatThrownBy(() -> missing.tryClaim(claim(id)))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining(id.key())
                .hasMessageContaining("no_such_table")
                .hasCauseInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> missing.find(id)).isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> missing.purgeExpired(NOW, 1)).isInstanceOf(StoreException.class);
    }
}
