package dev.idem.internal.engine;

import static dev.idem.internal.engine.EngineHarness.proceeds;
import static dev.idem.internal.engine.EngineHarness.rejects;
import static dev.idem.internal.engine.EngineHarness.replays;
import static dev.idem.internal.engine.EngineHarness.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.idem.internal.engine.InMemoryStore.Op;
import dev.idem.spi.IdempotencyRecord;
import dev.idem.spi.RecordId;
import dev.idem.spi.RecordState;
import dev.idem.spi.StoredResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The in-memory replay cache: what it may serve, and what it must never serve. */
class ReplayCacheTest {
    private final FakeClock clock = new FakeClock();
    private final InMemoryStore store = new InMemoryStore(clock);
    private final AtomicLong tokens = new AtomicLong();
    private final Settings settings = SettingsBuilder.settings().ttl(Duration.ofHours(1)).build();
    private final TestRequest request = TestRequest.post();

    private ReplayCache cache = new ReplayCache(100, 1_000_000);
    private IdempotencyEngine engine = engine(cache);

    private IdempotencyEngine engine(ReplayCache replayCache) {
        return new IdempotencyEngine(store, clock, new AdvancingPauser(clock), tokens::incrementAndGet, replayCache);
    }

    private void useCache(int maxEntries, long maxBytes) {
        cache = new ReplayCache(maxEntries, maxBytes);
        engine = engine(cache);
    }

    /** Runs {@code request} for the first time and records {@code text} as its 201 answer. */
    private RecordId runAndRecord(TestRequest first, String body) {
        Lease lease = proceeds(engine.begin(first, settings));
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        engine.finish(lease, 201, Map.of("Content-Type", List.of("text/plain")), bytes, bytes.length);
        return lease.id();
    }

    @Test
    void secondReplay_isServedFromMemory_withoutAnyStoreCall() {
        runAndRecord(request, "first");
        assertThat(text(replays(engine.begin(request, settings)))).isEqualTo("first"); // read from the store
        int storeCalls = store.totalCalls();

        StoredResponse replayed = replays(engine.begin(request, settings));

        assertThat(text(replayed)).isEqualTo("first");
        assertThat(replayed.status()).isEqualTo(201);
        assertThat(replayed.headers()).containsEntry("Content-Type", List.of("text/plain"));
        assertThat(store.totalCalls()).as("store calls for the cached replay").isEqualTo(storeCalls);
    }

    @Test
    void theOwnersCompletionAlone_doesNotFillTheCache_theFirstReplayReadsTheStore() {
        runAndRecord(request, "first");
        assertThat(cache.size()).isZero();
        int finds = store.calls(Op.FIND);

        replays(engine.begin(request, settings));

        assertThat(store.calls(Op.FIND)).isEqualTo(finds + 1);
        assertThat(cache.size()).isEqualTo(1);
    }

    @Test
    void differentRequestWithACachedKey_isRejectedWith422_exactlyAsFromTheStore() {
        runAndRecord(request, "first");
        replays(engine.begin(request, settings));
        int storeCalls = store.totalCalls();

        rejects(engine.begin(request.withBody("{\"item\":43}"), settings), Problem.KEY_REUSED);
        rejects(engine.begin(request.withQuery("currency=USD"), settings), Problem.KEY_REUSED);

        assertThat(store.totalCalls()).as("store calls").isEqualTo(storeCalls);
        assertThat(text(replays(engine.begin(request, settings)))).isEqualTo("first");
    }

    @Test
    void sameKeyFromAnotherPrincipal_isNeverServedTheCachedRecord() {
        runAndRecord(request, "alice's");
        replays(engine.begin(request, settings));

        Lease bobs = proceeds(engine.begin(request.withPrincipal("bob"), settings));

        assertThat(bobs.id().key()).isEqualTo(TestRequest.KEY);
        assertThat(store.peek(bobs.id()).orElseThrow().state()).isEqualTo(RecordState.IN_FLIGHT);
    }

    @Test
    void sameKeyFromAnotherTenant_isNeverServedTheCachedRecord() {
        Settings tenanted = SettingsBuilder.settings().scopeHeaders("X-Tenant").build();
        TestRequest tenantA = request.withHeader("X-Tenant", "a");
        Lease lease = proceeds(engine.begin(tenantA, tenanted));
        byte[] body = "a's".getBytes(StandardCharsets.UTF_8);
        engine.finish(lease, 201, Map.of(), body, body.length);
        replays(engine.begin(tenantA, tenanted));

        proceeds(engine.begin(request.withHeader("X-Tenant", "b"), tenanted));
    }

    @Test
    void expiredEntry_isNeverServed_andIsDropped() {
        runAndRecord(request, "first");
        replays(engine.begin(request, settings));
        assertThat(cache.size()).isEqualTo(1);

        clock.advance(settings.ttl());

        Lease again = proceeds(engine.begin(request, settings));
        assertThat(cache.size()).as("entries after expiry").isZero();
        assertThat(store.peek(again.id()).orElseThrow().state()).isEqualTo(RecordState.IN_FLIGHT);
    }

    @Test
    void entryIsServedUntilJustBeforeItsExpiry() {
        runAndRecord(request, "first");
        replays(engine.begin(request, settings));
        clock.advance(settings.ttl().minusMillis(1));
        int storeCalls = store.totalCalls();

        assertThat(text(replays(engine.begin(request, settings)))).isEqualTo("first");
        assertThat(store.totalCalls()).isEqualTo(storeCalls);
    }

    @Test
    void cacheIsBoundedByEntries_leastRecentlyUsedGoesFirst() {
        useCache(2, 1_000_000);
        TestRequest a = request.withKey("key-aaaaaaaaaaaaaaaa");
        TestRequest b = request.withKey("key-bbbbbbbbbbbbbbbb");
        TestRequest c = request.withKey("key-cccccccccccccccc");
        for (TestRequest each : List.of(a, b, c)) {
            runAndRecord(each, "body");
        }
        replays(engine.begin(a, settings));
        replays(engine.begin(b, settings));
        replays(engine.begin(a, settings)); // a is now the most recently used
        replays(engine.begin(c, settings)); // evicts b

        assertThat(cache.size()).isEqualTo(2);
        int finds = store.calls(Op.FIND);
        replays(engine.begin(a, settings));
        replays(engine.begin(c, settings));
        assertThat(store.calls(Op.FIND)).as("a and c from memory").isEqualTo(finds);
        replays(engine.begin(b, settings));
        assertThat(store.calls(Op.FIND)).as("b evicted, read again").isEqualTo(finds + 1);
    }

    @Test
    void cacheIsBoundedByBytes() {
        String big = "x".repeat(4000);
        TestRequest a = request.withKey("key-aaaaaaaaaaaaaaaa");
        TestRequest b = request.withKey("key-bbbbbbbbbbbbbbbb");
        runAndRecord(a, big);
        runAndRecord(b, big);
        long oneEntry = ReplayCache.weigh(store.peek(new RecordId(Scopes.of("alice", List.of(), name -> null),
                "key-aaaaaaaaaaaaaaaa")).orElseThrow());
        useCache(100, oneEntry + oneEntry / 2);

        replays(engine.begin(a, settings));
        replays(engine.begin(b, settings));

        assertThat(cache.size()).as("entries held").isEqualTo(1);
        assertThat(cache.bytes()).isLessThanOrEqualTo(oneEntry + oneEntry / 2);
        int finds = store.calls(Op.FIND);
        replays(engine.begin(b, settings));
        assertThat(store.calls(Op.FIND)).as("b from memory").isEqualTo(finds);
        replays(engine.begin(a, settings));
        assertThat(store.calls(Op.FIND)).as("a evicted by bytes").isEqualTo(finds + 1);
    }

    @Test
    void recordLargerThanTheByteBound_isNotCached() {
        useCache(100, 1000);
        runAndRecord(request, "y".repeat(2000));

        replays(engine.begin(request, settings));

        assertThat(cache.size()).isZero();
        assertThat(cache.bytes()).isZero();
    }

    @Test
    void forget_makesTheNextReplayAskTheStore_andADeletedRecordIsNotServed() {
        RecordId id = runAndRecord(request, "first");
        replays(engine.begin(request, settings));
        store.delete(id); // deleted by an administrator

        engine.forget(id);

        proceeds(engine.begin(request, settings));
        assertThat(cache.size()).isZero();
    }

    @Test
    void withoutForget_aRecordDeletedBehindTheCachesBack_isStillReplayedUntilItExpires() {
        RecordId id = runAndRecord(request, "first");
        replays(engine.begin(request, settings));
        store.delete(id); // on another instance, say

        assertThat(text(replays(engine.begin(request, settings)))).isEqualTo("first");
        clock.advance(settings.ttl());
        proceeds(engine.begin(request, settings));
    }

    @Test
    void releasedKeys_areNeverCached() {
        Lease lease = proceeds(engine.begin(request, settings));
        engine.finish(lease, 503, Map.of(), new byte[0], 0); // released

        Lease retry = proceeds(engine.begin(request, settings));

        assertThat(cache.size()).isZero();
        assertThat(retry.token()).isNotEqualTo(lease.token());
    }

    @Test
    void inFlightRecords_areNeverCached() {
        proceeds(engine.begin(request, settings));

        rejects(engine.begin(request, settings), Problem.IN_FLIGHT);
        rejects(engine.begin(request, settings), Problem.IN_FLIGHT);

        assertThat(cache.size()).isZero();
    }

    @Test
    void inFlightRecordFinishedWhileAWaiterPolls_isCachedOnlyOnceDone() {
        Settings waiting = SettingsBuilder.settings().waitInFlight(Duration.ofSeconds(5)).build();
        RecordId id = proceeds(engine.begin(request, waiting)).id();
        IdempotencyRecord inFlight = store.peek(id).orElseThrow();
        store.put(new IdempotencyRecord(id, inFlight.fingerprint(), RecordState.DONE, inFlight.leaseToken(), null,
                inFlight.createdAt(), clock.instant().plus(Duration.ofHours(1)),
                new StoredResponse(200, Map.of(), "done".getBytes(StandardCharsets.UTF_8))));

        assertThat(text(replays(engine.begin(request, waiting)))).isEqualTo("done");
        assertThat(cache.size()).isEqualTo(1);
    }

    @Test
    void aDisabledCache_holdsNothing_andEveryReplayReadsTheStore() {
        useCache(0, 1_000_000);
        runAndRecord(request, "first");
        replays(engine.begin(request, settings));
        int finds = store.calls(Op.FIND);

        replays(engine.begin(request, settings));

        assertThat(store.calls(Op.FIND)).isEqualTo(finds + 1);
        assertThat(cache.size()).isZero();
        assertThat(new ReplayCache(10, 0).enabled()).isFalse();
    }
}
