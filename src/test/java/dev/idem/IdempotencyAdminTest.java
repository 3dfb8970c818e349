package dev.idem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.idem.internal.crypto.EncryptingStore;
import dev.idem.internal.crypto.EncryptionKey;
import dev.idem.internal.engine.Scopes;
import dev.idem.internal.store.JpaIdempotencyStore;
import dev.idem.internal.store.JpaProvider;
import dev.idem.internal.store.TestDatabase;
import dev.idem.spi.Claim;
import dev.idem.spi.IdempotencyRecord;
import dev.idem.spi.IdempotencyStore;
import dev.idem.spi.RecordId;
import dev.idem.spi.RecordState;
import dev.idem.spi.StoredResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The administration API over Idem's JPA store on a real PostgreSQL, with and without encryption at rest. */
class IdempotencyAdminTest {
    private static final String TABLE = "admin_record";
    private static final Instant NOW = Instant.parse("2031-05-06T07:08:09.123456Z");
    private static final Duration TTL = Duration.ofHours(24);

    private final List<RecordId> forgotten = new ArrayList<>();
    private JpaIdempotencyStore store;
    private IdempotencyAdmin admin;

    @BeforeEach
    void emptyTable() {
        JpaIdempotencyStore.createSchema(JpaProvider.HIBERNATE.sharedTransactions(), TABLE);
        TestDatabase.shared().execute("TRUNCATE " + TABLE);
        store = new JpaIdempotencyStore(JpaProvider.HIBERNATE.sharedTransactions(), TABLE);
        admin = admin(store, UnaryOperator.identity(), 1000);
    }

    @Test
    void find_showsTheKeyInEveryScope_withoutTheBody() {
        String key = newKey();
        RecordId alice = new RecordId(scope("alice"), key);
        RecordId bob = new RecordId(scope("bob"), key);
        done(alice, response(201, "{\"id\":1}"), NOW.plus(TTL));
        inFlight(bob, NOW.plusSeconds(60), NOW.plus(TTL));

        List<IdempotencyRecordView> views = admin.find(key);

        assertThat(views).extracting(IdempotencyRecordView::scope).containsExactly(alice.scope(), bob.scope());
        IdempotencyRecordView done = views.get(0);
        assertThat(done.key()).isEqualTo(key);
        assertThat(done.state()).isEqualTo(RecordState.DONE);
        assertThat(done.status()).isEqualTo(201);
        assertThat(done.headerNames()).containsExactly("Content-Type", "Location");
        assertThat(done.bodySize()).isEqualTo(8);
        assertThat(done.expiresAt()).isEqualTo(NOW.plus(TTL));
        assertThat(done.lockedUntil()).isNull();
        assertThat(done.expired()).isFalse();
        assertThat(done.readable()).isTrue();
        assertThat(done.toString()).doesNotContain("{\"id\":1}");
        IdempotencyRecordView running = views.get(1);
        assertThat(running.state()).isEqualTo(RecordState.IN_FLIGHT);
        assertThat(running.status()).isNull();
        assertThat(running.bodySize()).isNull();
        assertThat(running.headerNames()).isEmpty();
        assertThat(running.lockedUntil()).isEqualTo(NOW.plusSeconds(60));
        assertThat(admin.find(newKey())).isEmpty();
    }

    @Test
    void findForOneCaller_hashesPrincipalAndScopeHeadersAsRequestsDo() {
        String key = newKey();
        String tenantScope = Scopes.of("alice", List.of("X-Tenant"), name -> List.of("acme"));
        done(new RecordId(tenantScope, key), response(200, "ok"), NOW.plus(TTL));
        String anonymous = Scopes.of(null, List.of(), name -> null);
        done(new RecordId(anonymous, key), response(202, "ok"), NOW.plus(TTL));

        assertThat(admin.find(key, "alice", Map.of("X-Tenant", "acme"))).map(IdempotencyRecordView::status).contains(200);
        assertThat(admin.find(key, null, Map.of())).map(IdempotencyRecordView::status).contains(202);
        assertThat(admin.find(key, "alice", Map.of("X-Tenant", "other"))).isEmpty();
        assertThat(admin.find(key, "bob", Map.of("X-Tenant", "acme"))).isEmpty();
        assertThatThrownBy(() -> admin.find(key, "alice", Map.of("X-Tenant", "acme", "X-Region", "eu")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("LinkedHashMap");
        Map<String, String> ordered = new LinkedHashMap<>();
        ordered.put("X-Tenant", "acme");
        ordered.put("X-Region", "eu");
        assertThat(admin.find(key, "alice", ordered)).isEmpty();
    }

    @Test
    void release_deletesDoneAndAbandonedRecordsInEveryScope_butNotARunningOne() {
        String key = newKey();
        RecordId done = new RecordId(scope("alice"), key);
        RecordId abandoned = new RecordId(scope("bob"), key);
        RecordId running = new RecordId(scope("carol"), key);
        done(done, response(201, "x"), NOW.plus(TTL));
        inFlight(abandoned, NOW.minusSeconds(1), NOW.plus(TTL));
        inFlight(running, NOW.plusSeconds(30), NOW.plus(TTL));

        assertThat(admin.release(key)).isEqualTo(2);

        assertThat(store.find(done)).isEmpty();
        assertThat(store.find(abandoned)).isEmpty();
        assertThat(store.find(running)).isPresent();
        assertThat(forgotten).containsExactlyInAnyOrder(done, abandoned);
        assertThat(store.tryClaim(claim(done, NOW.plusSeconds(60), NOW.plus(TTL)))).as("the key runs again").isTrue();
        assertThat(admin.release(key)).as("a running record and a fresh claim are left alone").isZero();
    }

    @Test
    void releaseForOneCaller_deletesOnlyThatCallersRecord() {
        String key = newKey();
        RecordId alice = new RecordId(scope("alice"), key);
        RecordId bob = new RecordId(scope("bob"), key);
        done(alice, response(201, "x"), NOW.plus(TTL));
        done(bob, response(201, "y"), NOW.plus(TTL));

        assertThat(admin.release(key, "alice", Map.of())).isTrue();
        assertThat(admin.release(key, "alice", Map.of())).isFalse();

        assertThat(store.find(alice)).isEmpty();
        assertThat(store.find(bob)).isPresent();
        assertThat(forgotten).containsExactly(alice);
    }

    @Test
    void purgeExpired_deletesEveryExpiredRecordInBatches_andCountsThem() {
        IdempotencyAdmin smallBatches = admin(store, UnaryOperator.identity(), 2);
        for (int i = 0; i < 5; i++) {
            done(new RecordId(scope("alice"), newKey()), response(200, "old"), NOW.minusSeconds(i));
        }
        RecordId live = new RecordId(scope("alice"), newKey());
        done(live, response(200, "new"), NOW.plusSeconds(1));

        assertThat(smallBatches.purgeExpired()).isEqualTo(5);
        assertThat(smallBatches.purgeExpired()).isZero();

        assertThat(TestDatabase.shared().queryForLong("SELECT count(*) FROM " + TABLE)).isEqualTo(1);
        assertThat(store.find(live)).isPresent();
    }

    @Test
    void withEncryptionAtRest_showsTheDecryptedRecord_andAnAlteredOneAsUnreadable() {
        EncryptingStore encrypting = new EncryptingStore(store, List.of(aesKey("k1")));
        IdempotencyAdmin encrypted = admin(store, encrypting::opened, 1000);
        String key = newKey();
        RecordId intact = new RecordId(scope("alice"), key);
        RecordId altered = new RecordId(scope("bob"), key);
        for (RecordId id : List.of(intact, altered)) {
            Claim claim = claim(id, NOW.plusSeconds(60), NOW.plus(TTL));
            encrypting.tryClaim(claim);
            encrypting.complete(id, claim.leaseToken(), response(201, "{\"secret\":true}"), NOW.plus(TTL));
        }
        TestDatabase.shared().execute("UPDATE " + TABLE + " SET body = set_byte(body, length(body) - 1,"
                + " get_byte(body, length(body) - 1) # 1) WHERE scope = '" + altered.scope() + "'");

        List<IdempotencyRecordView> views = encrypted.find(key);

        assertThat(views).hasSize(2);
        IdempotencyRecordView readable = views.get(0);
        assertThat(readable.readable()).isTrue();
        assertThat(readable.status()).isEqualTo(201);
        assertThat(readable.headerNames()).containsExactly("Content-Type", "Location");
        assertThat(readable.bodySize()).isEqualTo(15);
        IdempotencyRecordView unreadable = views.get(1);
        assertThat(unreadable.readable()).isFalse();
        assertThat(unreadable.status()).isEqualTo(201);
        assertThat(unreadable.headerNames()).isEmpty();
        assertThat(unreadable.bodySize()).isNull();
        assertThat(encrypted.release(key, "bob", Map.of())).as("an unreadable record can be released").isTrue();
        assertThat(store.find(altered)).isEmpty();
    }

    @Test
    void storeWithoutAdministrationSupport_saysSo() {
        IdempotencyStore minimal = new IdempotencyStore() {
            public boolean tryClaim(Claim claim) { return false; }
            public Optional<IdempotencyRecord> find(RecordId id) { return Optional.empty(); }
            public boolean takeOver(IdempotencyRecord current, Claim claim) { return false; }
            public boolean complete(RecordId id, long token, StoredResponse response, Instant expiresAt) { return false; }
            public boolean release(RecordId id, long token) { return false; }
            public int purgeExpired(Instant now, int batchSize) { return 0; }
        };
        IdempotencyAdmin unsupported = admin(minimal, UnaryOperator.identity(), 10);

        assertThatThrownBy(() -> unsupported.find("some-key-000000001")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> unsupported.release("some-key-000000001")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(unsupported.purgeExpired()).isZero();
    }

    private IdempotencyAdmin admin(IdempotencyStore target, UnaryOperator<IdempotencyRecord> readable, int batchSize) {
        return new IdempotencyAdmin(target, readable, forgotten::add, Clock.fixed(NOW, ZoneOffset.UTC), batchSize);
    }

    private void done(RecordId id, StoredResponse response, Instant expiresAt) {
        Claim claim = claim(id, NOW.plusSeconds(60), NOW.plus(TTL));
        assertThat(store.tryClaim(claim)).isTrue();
        assertThat(store.complete(id, claim.leaseToken(), response, expiresAt)).isTrue();
    }

    private void inFlight(RecordId id, Instant lockedUntil, Instant expiresAt) {
        assertThat(store.tryClaim(claim(id, lockedUntil, expiresAt))).isTrue();
    }

    private static Claim claim(RecordId id, Instant lockedUntil, Instant expiresAt) {
        return new Claim(id, "f".repeat(64), ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE), lockedUntil, expiresAt);
    }

    private static StoredResponse response(int status, String body) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Content-Type", List.of("application/json"));
        headers.put("Location", List.of("/orders/1"));
        return new StoredResponse(status, headers, body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static String scope(String principal) {
        return Scopes.of(principal, List.of(), name -> null);
    }

    private static String newKey() {
        return "admin-" + UUID.randomUUID();
    }

    private static EncryptionKey aesKey(String id) {
        byte[] material = new byte[32];
        ThreadLocalRandom.current().nextBytes(material);
        return new EncryptionKey(id, material);
    }
}
