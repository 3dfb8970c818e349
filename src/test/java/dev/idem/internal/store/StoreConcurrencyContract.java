package dev.idem.internal.store;

import static dev.idem.internal.store.Records.NOW;
import static dev.idem.internal.store.Records.TTL;
import static dev.idem.internal.store.Records.claim;
import static dev.idem.internal.store.Records.claimAt;
import static dev.idem.internal.store.Records.hex64;
import static dev.idem.internal.store.Records.newId;
import static dev.idem.internal.store.Records.newToken;
import static dev.idem.internal.store.Records.richResponse;
import static org.assertj.core.api.Assertions.assertThat;

import dev.idem.spi.Claim;
import dev.idem.spi.IdempotencyRecord;
import dev.idem.spi.RecordId;
import dev.idem.spi.RecordState;
import dev.idem.spi.StoreException;
import dev.idem.spi.StoredResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Contenders racing for the same rows: exactly one wins, nobody errs, nothing is lost. Run on each JPA provider. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class StoreConcurrencyContract {
    private static final String TABLE = "idem_race";
    private static final int THREADS = 8;

    private final JpaProvider provider;
    private JpaIdempotencyStore store;
    /** Separate mode's store: its own transactions, claims and completions batched. */
    private JpaIdempotencyStore batched;
    private ExecutorService pool;

    protected StoreConcurrencyContract(JpaProvider provider) {
        this.provider = provider;
    }

    @BeforeEach
    void setUp() {
        JpaIdempotencyStore.createSchema(provider.sharedTransactions(), TABLE);
        TestDatabase.shared().execute("TRUNCATE " + TABLE);
        store = new JpaIdempotencyStore(provider.sharedTransactions(), TABLE);
        batched = new JpaIdempotencyStore(provider.sharedTransactions(), TABLE, true);
        pool = Executors.newFixedThreadPool(THREADS);
    }

    @AfterEach
    void tearDown() {
        pool.shutdownNow();
    }

    @Test
    void twoRequestsClaimingOneKey_exactlyOneWins_everyTime() throws Exception {
        exactlyOneOfTwoClaimsWins(store);
    }

    @Test
    void manyRequestsTakingOverOneStuckClaim_exactlyOneWins_everyTime() throws Exception {
        for (int round = 0; round < 25; round++) {
            Claim dead = claimAt(newId(), NOW.minus(Duration.ofHours(1)));
            store.tryClaim(dead);
            IdempotencyRecord stuck = store.find(dead.id()).orElseThrow();
            List<Claim> contenders = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                contenders.add(claim(dead.id()));
            }

            List<Boolean> won = race(THREADS, i -> store.takeOver(stuck, contenders.get(i)));

            assertThat(won).as("round %d", round).containsOnlyOnce(true);
            long winnerToken = contenders.get(won.indexOf(true)).leaseToken();
            assertThat(store.find(dead.id()).orElseThrow().leaseToken()).isEqualTo(winnerToken);
        }
    }

    @Test
    void twoPurgersAtOnce_deleteEveryExpiredRecordOnceAndNoLiveOne() throws Exception {
        int expired = 5_000;
        int live = 500;
        insertRows(expired, "-1 day");
        insertRows(live, "+1 day");

        List<Integer> purged = race(2, i -> {
            int total = 0;
            for (int deleted; (deleted = store.purgeExpired(NOW, 100)) > 0; ) {
                total += deleted;
            }
            return total;
        });

        assertThat(purged.get(0) + purged.get(1)).isEqualTo(expired);
        assertThat(purged).allSatisfy(count -> assertThat(count).isPositive());
        assertThat(TestDatabase.shared().queryForLong("SELECT count(*) FROM " + TABLE)).isEqualTo(live);
        assertThat(TestDatabase.shared().queryForLong("SELECT count(*) FROM " + TABLE + " WHERE expires_at <= '"
                + NOW + "'")).isZero();
    }

    @Test
    void twoRequestsClaimingOneKey_inSeparateMode_exactlyOneWins_everyTime() throws Exception {
        exactlyOneOfTwoClaimsWins(batched);
    }

    private void exactlyOneOfTwoClaimsWins(JpaIdempotencyStore contested) throws Exception {
        for (int round = 0; round < 200; round++) {
            RecordId id = newId();
            List<Claim> claims = List.of(claim(id), claim(id));

            List<Boolean> won = race(claims.size(), i -> contested.tryClaim(claims.get(i)));

            assertThat(won).as("round %d", round).containsExactlyInAnyOrder(true, false);
            long winnerToken = claims.get(won.indexOf(true)).leaseToken();
            assertThat(contested.find(id).orElseThrow().leaseToken()).isEqualTo(winnerToken);
        }
    }

    @Test
    void aBatchOfClaims_claimsEachNewKeyOnce_andNoExistingOne() {
        Claim existing = claim(newId());
        store.tryClaim(existing);
        Claim first = claim(newId());
        Claim second = claim(newId());
        Claim sameKeyAsFirst = claim(first.id());
        Claim sameKeyAsExisting = claim(existing.id());

        List<Boolean> claimed = batched.writeBatch(List.of(new JpaIdempotencyStore.ClaimWrite(second),
                new JpaIdempotencyStore.ClaimWrite(sameKeyAsExisting), new JpaIdempotencyStore.ClaimWrite(first),
                new JpaIdempotencyStore.ClaimWrite(sameKeyAsFirst)));

        assertThat(claimed).containsExactly(true, false, true, false);
        assertThat(batched.find(first.id()).orElseThrow().leaseToken()).isEqualTo(first.leaseToken());
        assertThat(batched.find(second.id()).orElseThrow().leaseToken()).isEqualTo(second.leaseToken());
        assertThat(batched.find(existing.id()).orElseThrow().leaseToken()).isEqualTo(existing.leaseToken());
        IdempotencyRecord record = batched.find(second.id()).orElseThrow();
        assertThat(record.state()).isEqualTo(RecordState.IN_FLIGHT);
        assertThat(record.fingerprint()).isEqualTo(second.fingerprint());
        assertThat(record.lockedUntil()).isEqualTo(second.lockedUntil());
        assertThat(record.expiresAt()).isEqualTo(second.expiresAt());
    }

    @Test
    void aBatchOfCompletions_completesOnlyTheRecordsWhoseLeaseItHolds_withTheirOwnResponses() {
        Claim rich = claim(newId());
        Claim plain = claim(newId());
        Claim stolen = claim(newId());
        for (Claim claim : List.of(rich, plain, stolen)) {
            assertThat(store.tryClaim(claim)).isTrue();
        }
        StoredResponse plainResponse = new StoredResponse(204, Map.of(), new byte[0]);
        Instant expiresAt = NOW.plus(Duration.ofHours(2));

        List<Boolean> completed = batched.writeBatch(List.of(
                new JpaIdempotencyStore.Completion(plain.id(), plain.leaseToken(), plainResponse, expiresAt),
                new JpaIdempotencyStore.Completion(stolen.id(), stolen.leaseToken() + 1, richResponse(), expiresAt),
                new JpaIdempotencyStore.Completion(rich.id(), rich.leaseToken(), richResponse(), expiresAt)));

        assertThat(completed).containsExactly(true, false, true);
        IdempotencyRecord done = batched.find(rich.id()).orElseThrow();
        assertThat(done.state()).isEqualTo(RecordState.DONE);
        assertThat(done.lockedUntil()).isNull();
        assertThat(done.expiresAt()).isEqualTo(expiresAt);
        assertThat(done.response().status()).isEqualTo(201);
        assertThat(done.response().headers()).isEqualTo(richResponse().headers());
        assertThat(done.response().body()).isEqualTo(richResponse().body());
        StoredResponse empty = batched.find(plain.id()).orElseThrow().response();
        assertThat(empty.status()).isEqualTo(204);
        assertThat(empty.headers()).isEmpty();
        assertThat(empty.body()).isEmpty();
        assertThat(batched.find(stolen.id()).orElseThrow().state()).isEqualTo(RecordState.IN_FLIGHT);
    }

    @Test
    void aBatch_claimsAndCompletesAwkwardKeys_headersAndInstantsExactlyAsALoneStatementWould() {
        Instant lockedUntil = NOW.plusNanos(987_654_321);
        Instant expiresAt = NOW.plus(TTL).plusNanos(500);
        Claim alone = new Claim(new RecordId(hex64(), "alone \"quoted\" back\\slash " + newToken()), hex64(), newToken(),
                lockedUntil, expiresAt);
        Claim batchedClaim = new Claim(new RecordId(hex64(), "batch \"quoted\" back\\slash " + newToken()), hex64(),
                newToken(), lockedUntil, expiresAt);
        Claim filler = claim(newId());
        assertThat(store.tryClaim(alone)).isTrue();
        assertThat(batched.writeBatch(List.of(new JpaIdempotencyStore.ClaimWrite(batchedClaim),
                new JpaIdempotencyStore.ClaimWrite(filler)))).containsExactly(true, true);
        IdempotencyRecord claimedAlone = store.find(alone.id()).orElseThrow();
        IdempotencyRecord claimedInBatch = batched.find(batchedClaim.id()).orElseThrow();
        assertThat(claimedInBatch.id()).isEqualTo(batchedClaim.id());
        assertThat(claimedInBatch.state()).isEqualTo(RecordState.IN_FLIGHT);
        assertThat(claimedInBatch.fingerprint()).isEqualTo(batchedClaim.fingerprint());
        assertThat(claimedInBatch.lockedUntil()).isEqualTo(claimedAlone.lockedUntil()).isEqualTo(NOW.plusNanos(987_654_000));
        assertThat(claimedInBatch.expiresAt()).isEqualTo(claimedAlone.expiresAt()).isEqualTo(NOW.plus(TTL).plusNanos(1_000));
        Map<String, List<String>> headers = new LinkedHashMap<>(richResponse().headers());
        headers.put("X-Note", List.of("Caf\u00e9 \u2713 \"q\" back\\slash\ttab \\n", ""));
        StoredResponse response = new StoredResponse(200, headers, richResponse().body());
        Instant doneUntil = NOW.plus(TTL).plusNanos(1_499);

        assertThat(store.complete(alone.id(), alone.leaseToken(), response, doneUntil)).isTrue();
        assertThat(batched.writeBatch(List.of(
                new JpaIdempotencyStore.Completion(batchedClaim.id(), batchedClaim.leaseToken(), response, doneUntil),
                new JpaIdempotencyStore.Completion(filler.id(), filler.leaseToken(), response, doneUntil))))
                .containsExactly(true, true);

        IdempotencyRecord expected = store.find(alone.id()).orElseThrow();
        IdempotencyRecord actual = batched.find(batchedClaim.id()).orElseThrow();
        assertThat(actual.expiresAt()).isEqualTo(expected.expiresAt()).isEqualTo(NOW.plus(TTL).plusNanos(1_000));
        assertThat(actual.response().headers()).isEqualTo(expected.response().headers()).isEqualTo(headers);
        assertThat(actual.response().body()).isEqualTo(expected.response().body());
        assertThat(actual.response().status()).isEqualTo(200);
    }

    @Test
    void aBatchOfClaimsAndCompletions_writesEachAsItsOwnStatementWould_inOneTransaction() {
        Claim owned = claim(newId());
        Claim otherOwned = claim(newId());
        Claim existing = claim(newId());
        for (Claim claim : List.of(owned, otherOwned, existing)) {
            assertThat(store.tryClaim(claim)).isTrue();
        }
        Claim fresh = claim(newId());
        Claim strangerOnOwned = claim(owned.id());
        Claim strangerOnExisting = claim(existing.id());
        Instant expiresAt = NOW.plus(Duration.ofHours(3));

        List<Boolean> written = batched.writeBatch(List.of(
                new JpaIdempotencyStore.ClaimWrite(fresh),
                new JpaIdempotencyStore.Completion(owned.id(), owned.leaseToken(), richResponse(), expiresAt),
                new JpaIdempotencyStore.ClaimWrite(strangerOnOwned),
                new JpaIdempotencyStore.Completion(otherOwned.id(), otherOwned.leaseToken() + 1, richResponse(), expiresAt),
                new JpaIdempotencyStore.ClaimWrite(strangerOnExisting)));

        assertThat(written).containsExactly(true, true, false, false, false);
        assertThat(batched.find(fresh.id()).orElseThrow().leaseToken()).isEqualTo(fresh.leaseToken());
        IdempotencyRecord done = batched.find(owned.id()).orElseThrow();
        assertThat(done.state()).isEqualTo(RecordState.DONE);
        assertThat(done.leaseToken()).isEqualTo(owned.leaseToken());
        assertThat(done.expiresAt()).isEqualTo(expiresAt);
        assertThat(done.response().body()).isEqualTo(richResponse().body());
        assertThat(batched.find(otherOwned.id()).orElseThrow().state()).isEqualTo(RecordState.IN_FLIGHT);
        assertThat(batched.find(existing.id()).orElseThrow().leaseToken()).isEqualTo(existing.leaseToken());
    }

    @Test
    void manyRequestsAtOnceInSeparateMode_eachClaimsAndCompletesItsOwnRecord() throws Exception {
        int perThread = 40;
        List<List<Claim>> claims = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            List<Claim> own = new ArrayList<>();
            for (int i = 0; i < perThread; i++) {
                own.add(claim(newId()));
            }
            claims.add(own);
        }

        List<Integer> finished = race(THREADS, t -> {
            int count = 0;
            for (Claim claim : claims.get(t)) {
                boolean mine = batched.tryClaim(claim);
                boolean stranger = batched.tryClaim(claim(claim.id()));
                byte[] body = claim.id().key().getBytes(StandardCharsets.UTF_8);
                if (mine && !stranger && batched.complete(claim.id(), claim.leaseToken(),
                        new StoredResponse(201, Map.of("Location", List.of("/" + claim.id().key())), body), NOW.plus(TTL))) {
                    count++;
                }
            }
            return count;
        });

        assertThat(finished).containsOnly(perThread);
        for (List<Claim> own : claims) {
            for (Claim claim : own) {
                IdempotencyRecord record = batched.find(claim.id()).orElseThrow();
                assertThat(record.leaseToken()).isEqualTo(claim.leaseToken());
                assertThat(record.response().body()).isEqualTo(claim.id().key().getBytes(StandardCharsets.UTF_8));
                assertThat(record.response().headers()).containsEntry("Location", List.of("/" + claim.id().key()));
            }
        }
    }

    @Test
    void aClaimTheDatabaseRefuses_failsAlone_concurrentClaimsGoThrough() throws Exception {
        // A key far beyond what the primary key index can hold: the database refuses this row, and
        // with it the whole statement of a batch it shares.
        RecordId poisoned = new RecordId(hex64(), randomText(20_000));
        List<Claim> claims = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            claims.add(claim(i == 3 ? poisoned : newId()));
        }

        List<Object> outcomes = race(THREADS, i -> {
            try {
                return batched.tryClaim(claims.get(i));
            } catch (StoreException e) {
                return e;
            }
        });

        for (int i = 0; i < THREADS; i++) {
            if (i == 3) {
                assertThat(outcomes.get(i)).isInstanceOf(StoreException.class);
            } else {
                assertThat(outcomes.get(i)).as("claim %d", i).isEqualTo(true);
                assertThat(batched.find(claims.get(i).id())).isPresent();
            }
        }
    }

    private static String randomText(int length) {
        StringBuilder text = new StringBuilder(length);
        while (text.length() < length) {
            text.append(UUID.randomUUID());
        }
        return text.substring(0, length);
    }

    /** Inserts {@code count} done records expiring at {@link Records#NOW} plus {@code offset}. */
    private static void insertRows(int count, String offset) {
        TestDatabase.shared().execute("INSERT INTO " + TABLE + " (scope, idem_key, fingerprint, state, lease_token,"
                + " status, headers, body, created_at, expires_at)"
                + " SELECT md5(random()::text) || md5(random()::text), 'key-' || i, md5(i::text), 'DONE', i, 200, '',"
                + " '\\x00ff', now(), timestamptz '" + NOW + "' + interval '" + offset + "'"
                + " FROM generate_series(1, " + count + ") AS i");
    }

    /** Runs {@code contenders} tasks released at the same instant and returns their results in order. */
    private <T> List<T> race(int contenders, Contender<T> task) throws Exception {
        CountDownLatch ready = new CountDownLatch(contenders);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<T>> futures = new ArrayList<>();
        for (int i = 0; i < contenders; i++) {
            int index = i;
            Callable<T> contender = () -> {
                ready.countDown();
                start.await();
                return task.run(index);
            };
            futures.add(pool.submit(contender));
        }
        ready.await();
        start.countDown();
        List<T> results = new ArrayList<>();
        for (Future<T> future : futures) {
            results.add(future.get(30, TimeUnit.SECONDS));
        }
        return results;
    }

    @FunctionalInterface
    private interface Contender<T> {
        T run(int index);
    }
}
