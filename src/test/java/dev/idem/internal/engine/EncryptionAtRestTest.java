package dev.idem.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.idem.internal.crypto.EncryptingStore;
import dev.idem.internal.crypto.EncryptionKey;
import dev.idem.spi.IdempotencyRecord;
import dev.idem.spi.RecordId;
import dev.idem.spi.StoredResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class EncryptionAtRestTest {
    private static final String BODY = "{\"card\":\"4111-secret-marker\"}";

    private final FakeClock clock = new FakeClock();
    private final InMemoryStore raw = new InMemoryStore(clock);
    private final AtomicLong tokens = new AtomicLong();
    private final Settings settings = Settings.defaults("com.acme.Payments/charge");
    private final RecordId id = new RecordId("scope-a", "key-0123456789abcdef");

    private static EncryptionKey key(String id) {
        byte[] material = new byte[32];
        new SecureRandom().nextBytes(material);
        return new EncryptionKey(id, material);
    }

    private IdempotencyEngine engine(List<EncryptionKey> keys) {
        return new IdempotencyEngine(new EncryptingStore(raw, keys), clock, new AdvancingPauser(clock), tokens::incrementAndGet);
    }

    private void recordUnder(IdempotencyEngine engine) {
        Lease lease = EngineHarness.proceeds(engine.begin(id, "fp", settings));
        byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
        engine.finish(lease, 201, Map.of("Content-Type", List.of("application/json"), "Location", List.of("/payments/7")),
                body, body.length);
    }

    @Test
    void recordedResponse_isStoredEncrypted_andReplayedExactly() {
        IdempotencyEngine engine = engine(List.of(key("k1")));
        recordUnder(engine);

        StoredResponse stored = raw.peek(id).orElseThrow().response();
        assertThat(new String(stored.body(), StandardCharsets.ISO_8859_1)).doesNotContain("secret-marker").doesNotContain("/payments/7");
        assertThat(stored.headers()).isEmpty();

        StoredResponse replayed = EngineHarness.replays(engine.begin(id, "fp", settings));
        assertThat(replayed.status()).isEqualTo(201);
        assertThat(replayed.headers()).containsEntry("Location", List.of("/payments/7"));
        assertThat(replayed.body()).isEqualTo(BODY.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void rotatedKeys_stillReplayRecordsWrittenUnderTheOldKey() {
        EncryptionKey old = key("k1");
        recordUnder(engine(List.of(old)));

        IdempotencyEngine rotated = engine(List.of(key("k2"), old));

        assertThat(EngineHarness.replays(rotated.begin(id, "fp", settings)).body()).isEqualTo(BODY.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void recordUnderAKeyNoLongerConfigured_isRefusedNotReplayedNorRun() {
        recordUnder(engine(List.of(key("k1"))));

        Decision decision = engine(List.of(key("k2"))).begin(id, "fp", settings);

        assertThat(decision).isInstanceOfSatisfying(Decision.Reject.class,
                reject -> assertThat(reject.problem()).isEqualTo(Problem.RECORD_UNREADABLE));
    }

    @Test
    void tamperedBody_isRefusedNotReplayedNorRun() {
        IdempotencyEngine engine = engine(List.of(key("k1")));
        recordUnder(engine);
        IdempotencyRecord stored = raw.peek(id).orElseThrow();
        byte[] body = stored.response().body().clone();
        body[body.length / 2] ^= 0x01;
        raw.put(withResponse(stored, new StoredResponse(stored.response().status(), Map.of(), body)));

        assertThat(engine.begin(id, "fp", settings)).isInstanceOfSatisfying(Decision.Reject.class,
                reject -> assertThat(reject.problem()).isEqualTo(Problem.RECORD_UNREADABLE));
    }

    @Test
    void tamperedStatus_isRefused() {
        IdempotencyEngine engine = engine(List.of(key("k1")));
        recordUnder(engine);
        IdempotencyRecord stored = raw.peek(id).orElseThrow();
        raw.put(withResponse(stored, new StoredResponse(200, Map.of(), stored.response().body())));

        assertThat(engine.begin(id, "fp", settings)).isInstanceOfSatisfying(Decision.Reject.class,
                reject -> assertThat(reject.problem()).isEqualTo(Problem.RECORD_UNREADABLE));
    }

    @Test
    void recordMovedToAnotherKey_isRefused() {
        IdempotencyEngine engine = engine(List.of(key("k1")));
        recordUnder(engine);
        IdempotencyRecord stored = raw.peek(id).orElseThrow();
        RecordId other = new RecordId("scope-a", "key-fedcba9876543210");
        raw.put(new IdempotencyRecord(other, stored.fingerprint(), stored.state(), stored.leaseToken(),
                stored.lockedUntil(), stored.createdAt(), stored.expiresAt(), stored.response()));

        assertThat(engine.begin(other, "fp", settings)).isInstanceOfSatisfying(Decision.Reject.class,
                reject -> assertThat(reject.problem()).isEqualTo(Problem.RECORD_UNREADABLE));
    }

    @Test
    void fingerprintOfAnotherRequestCopiedOntoTheRecord_isRefused() {
        IdempotencyEngine engine = engine(List.of(key("k1")));
        recordUnder(engine);
        IdempotencyRecord stored = raw.peek(id).orElseThrow();
        raw.put(new IdempotencyRecord(id, "other-request", stored.state(), stored.leaseToken(),
                stored.lockedUntil(), stored.createdAt(), stored.expiresAt(), stored.response()));

        assertThat(engine.begin(id, "other-request", settings)).isInstanceOfSatisfying(Decision.Reject.class,
                reject -> assertThat(reject.problem()).isEqualTo(Problem.RECORD_UNREADABLE));
    }

    @Test
    void plaintextRecord_isRefusedOnceEncryptionIsOn() {
        recordUnder(new IdempotencyEngine(raw, clock, new AdvancingPauser(clock), tokens::incrementAndGet));

        assertThat(engine(List.of(key("k1"))).begin(id, "fp", settings)).isInstanceOfSatisfying(Decision.Reject.class,
                reject -> assertThat(reject.problem()).isEqualTo(Problem.RECORD_UNREADABLE));
    }

    @Test
    void failOpen_doesNotRunAgainOverAnUnverifiableRecord() {
        IdempotencyEngine engine = engine(List.of(key("k1")));
        recordUnder(engine);
        IdempotencyRecord stored = raw.peek(id).orElseThrow();
        byte[] body = stored.response().body().clone();
        body[body.length - 1] ^= 0x01;
        raw.put(withResponse(stored, new StoredResponse(stored.response().status(), Map.of(), body)));
        Settings failOpen = SettingsBuilder.settings().failOpen().build();

        assertThat(engine.begin(id, "fp", failOpen)).isInstanceOf(Decision.Reject.class);
    }

    private static IdempotencyRecord withResponse(IdempotencyRecord record, StoredResponse response) {
        return new IdempotencyRecord(record.id(), record.fingerprint(), record.state(), record.leaseToken(),
                record.lockedUntil(), record.createdAt(), record.expiresAt(), response);
    }
}
