package dev.idem.internal.store;

import static dev.idem.internal.store.Records.NOW;
import static dev.idem.internal.store.Records.claim;
import static dev.idem.internal.store.Records.claimAt;
import static dev.idem.internal.store.Records.newId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.idem.spi.Claim;
import dev.idem.spi.IdempotencyRecord;
import dev.idem.spi.RecordId;
import java.time.Duration;
import java.util.ArrayList;
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
    private ExecutorService pool;

    protected StoreConcurrencyContract(JpaProvider provider) {
        this.provider = provider;
    }

    @BeforeEach
    void setUp() {
        JpaIdempotencyStore.createSchema(provider.sharedTransactions(), TABLE);
        TestDatabase.shared().execute("TRUNCATE " + TABLE);
        store = new JpaIdempotencyStore(provider.sharedTransactions(), TABLE);
        pool = Executors.newFixedThreadPool(THREADS);
    }

    @AfterEach
    void tearDown() {
        pool.shutdownNow();
    }

    @Test
    void twoRequestsClaimingOneKey_exactlyOneWins_everyTime() throws Exception {
        for (int round = 0; round < 200; round++) {
            RecordId id = newId();
            List<Claim> claims = List.of(claim(id), claim(id));

            List<Boolean> won = race(claims.size(), i -> store.tryClaim(claims.get(i)));

            assertThat(won).as("round %d", round).containsExactlyInAnyOrder(true, false);
            long winnerToken = claims.get(won.indexOf(true)).leaseToken();
            assertThat(store.find(id).orElseThrow().leaseToken()).isEqualTo(winnerToken);
        }
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
