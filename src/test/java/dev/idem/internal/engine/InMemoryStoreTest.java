package dev.idem.internal.engine;

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
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The engine tests are only as good as this fake: it must refuse what the SQL refuses. */
class InMemoryStoreTest {
    private final FakeClock clock = new FakeClock();
    private final InMemoryStore store = new InMemoryStore(clock);
    private final RecordId id = new RecordId("scope", "key-0123456789abcdef");
    private final StoredResponse ok = new StoredResponse(200, Map.of(), new byte[] {1});

    private Claim claim(long token) {
        Instant now = clock.instant();
        return new Claim(id, "fp", token, now.plusSeconds(60), now.plusSeconds(3600));
    }

    @Test
    void secondClaimOfTheSameId_loses() {
        assertThat(store.tryClaim(claim(1))).isTrue();
        assertThat(store.tryClaim(claim(2))).isFalse();
        assertThat(store.peek(id)).get().extracting(IdempotencyRecord::leaseToken).isEqualTo(1L);
    }

    @Test
    void takeOver_succeedsOnlyWhenStoredTokenAndStateBothMatch() {
        store.tryClaim(claim(1));
        IdempotencyRecord inFlight = store.peek(id).orElseThrow();
        store.complete(id, 1, ok, clock.instant().plusSeconds(10));
        // same token, but the record has meanwhile become DONE: the snapshot is stale
        assertThat(store.takeOver(inFlight, claim(2))).isFalse();

        IdempotencyRecord done = store.peek(id).orElseThrow();
        assertThat(store.takeOver(done, claim(3))).isTrue();
        // the snapshot's token is gone now: a second contender with it loses
        assertThat(store.takeOver(done, claim(4))).isFalse();
        assertThat(store.peek(id)).get().satisfies(r -> {
            assertThat(r.leaseToken()).isEqualTo(3L);
            assertThat(r.state()).isEqualTo(RecordState.IN_FLIGHT);
        });
    }

    @Test
    void complete_needsTheOwnersTokenAndAnInFlightRecord() {
        store.tryClaim(claim(1));
        assertThat(store.complete(id, 2, ok, clock.instant())).isFalse();
        assertThat(store.complete(id, 1, ok, clock.instant())).isTrue();
        assertThat(store.complete(id, 1, ok, clock.instant())).isFalse();
    }

    @Test
    void release_deletesOnlyTheOwnersInFlightRecord() {
        store.tryClaim(claim(1));
        assertThat(store.release(id, 2)).isFalse();
        store.complete(id, 1, ok, clock.instant().plusSeconds(10));
        assertThat(store.release(id, 1)).isFalse();
        assertThat(store.peek(id)).isPresent();
    }

    @Test
    void purge_deletesExpiredRecordsInBatchesAndKeepsLiveOnes() {
        for (int i = 0; i < 5; i++) {
            RecordId expiring = new RecordId("s", "expiring-" + i);
            store.tryClaim(new Claim(expiring, "fp", 1, clock.instant(), clock.instant().plusSeconds(10)));
        }
        store.tryClaim(claim(1)); // expires in an hour
        clock.advance(Duration.ofSeconds(10)); // exactly at expiresAt counts as expired

        assertThat(store.purgeExpired(clock.instant(), 3)).isEqualTo(3);
        assertThat(store.purgeExpired(clock.instant(), 3)).isEqualTo(2);
        assertThat(store.purgeExpired(clock.instant(), 3)).isZero();
        assertThat(store.size()).isEqualTo(1);
    }

    @Test
    void aStoreThatIsDown_throwsStoreExceptionOnEveryCall() {
        store.goDown();
        assertThatThrownBy(() -> store.tryClaim(claim(1))).isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> store.find(id)).isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> store.release(id, 1)).isInstanceOf(StoreException.class);
    }
}
