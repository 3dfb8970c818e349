package dev.idem.internal.store;

import static dev.idem.internal.store.Records.NOW;
import static dev.idem.internal.store.Records.claim;
import static dev.idem.internal.store.Records.claimAt;
import static dev.idem.internal.store.Records.newId;
import static dev.idem.internal.store.Records.richResponse;
import static org.assertj.core.api.Assertions.assertThat;

import dev.idem.spi.Claim;
import dev.idem.spi.IdempotencyRecord;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How the store's writes commit. With asynchronous commit (separate mode) each write turns
 * {@code synchronous_commit} off for its own transaction only, inside the statement; without it
 * (same-transaction mode, where the caller's transaction is joined) nothing changes. Checked in
 * the database, by a trigger that notes the setting in the transaction of every row written,
 * whatever runs the statement. And where the units run: in separate mode on Hibernate ORM, after
 * the first, on a connection of the persistence unit in autocommit, outside the runner's
 * transactions; otherwise each in a transaction of the runner.
 */
abstract class CommitModeContract {
    private static final String TABLE = "commit_mode_test";
    private static final String SEEN = "commit_mode_seen";

    private final JpaProvider provider;
    private final AtomicInteger transactions = new AtomicInteger();
    private final AtomicInteger outside = new AtomicInteger();
    private TransactionRunner counting;

    protected CommitModeContract(JpaProvider provider) {
        this.provider = provider;
    }

    @BeforeEach
    void probe() {
        JpaIdempotencyStore.createSchema(provider.sharedTransactions(), TABLE);
        TestDatabase database = TestDatabase.shared();
        database.execute("CREATE TABLE IF NOT EXISTS " + SEEN + " (setting text NOT NULL)");
        database.execute("CREATE OR REPLACE FUNCTION commit_mode_note() RETURNS trigger LANGUAGE plpgsql AS $$"
                + " BEGIN INSERT INTO " + SEEN + " VALUES (current_setting('synchronous_commit')); RETURN NULL; END $$");
        database.execute("DROP TRIGGER IF EXISTS commit_mode_note ON " + TABLE);
        database.execute("CREATE TRIGGER commit_mode_note AFTER INSERT OR UPDATE OR DELETE ON " + TABLE
                + " FOR EACH ROW EXECUTE FUNCTION commit_mode_note()");
        database.execute("TRUNCATE " + TABLE + ", " + SEEN);
        TransactionRunner shared = provider.sharedTransactions();
        counting = new TransactionRunner() {
            @Override
            public <T> T inTransaction(Function<EntityManager, T> work) {
                transactions.incrementAndGet();
                return shared.inTransaction(work);
            }

            @Override
            public <T> T outsideTransaction(Supplier<T> work) {
                outside.incrementAndGet();
                return shared.outsideTransaction(work);
            }
        };
    }

    /** Seven rows written (claims, a completion, a release, a takeover) and one claim that writes none: eight units. */
    private void everyWrite(JpaIdempotencyStore store) {
        Claim claim = claim(newId());
        assertThat(store.tryClaim(claim)).isTrue();
        assertThat(store.complete(claim.id(), claim.leaseToken(), richResponse(), NOW.plus(Duration.ofHours(1)))).isTrue();
        Claim released = claim(newId());
        assertThat(store.tryClaim(released)).isTrue();
        assertThat(store.release(released.id(), released.leaseToken())).isTrue();
        Claim dead = claimAt(newId(), NOW.minus(Duration.ofMinutes(5)));
        assertThat(store.tryClaim(dead)).isTrue();
        IdempotencyRecord stuck = new JpaIdempotencyStore(provider.sharedTransactions(), TABLE).find(dead.id()).orElseThrow();
        assertThat(store.takeOver(stuck, claim(dead.id()))).isTrue();
        assertThat(store.tryClaim(claim(claim.id()))).as("claim of an existing key").isFalse();
        assertThat(store.tryClaim(claim(newId()))).isTrue();
        assertThat(store.find(claim.id()).orElseThrow().response().status()).isEqualTo(richResponse().status());
    }

    private static List<String> settingsSeen() {
        return TestDatabase.shared().queryForStrings("SELECT setting FROM " + SEEN);
    }

    @Test
    void asynchronousStore_commitsEachWriteWithSynchronousCommitOff() {
        everyWrite(new JpaIdempotencyStore(counting, TABLE, true));

        assertThat(settingsSeen()).hasSize(7).containsOnly("off");
    }

    @Test
    void asynchronousStore_leavesTheSettingOfLaterTransactionsOnTheSameConnectionsAlone() {
        everyWrite(new JpaIdempotencyStore(provider.sharedTransactions(), TABLE, true));

        for (int i = 0; i < 4; i++) {
            assertThat(provider.sharedTransactions().inTransaction(CommitModeContract::synchronousCommit)).isEqualTo("on");
        }
    }

    private static String synchronousCommit(EntityManager em) {
        return String.valueOf(em.createNativeQuery("SELECT current_setting('synchronous_commit')").getSingleResult());
    }

    @Test
    void synchronousStore_forTheCallersTransaction_leavesItsCommitAlone() {
        everyWrite(new JpaIdempotencyStore(counting, TABLE, false));

        assertThat(settingsSeen()).hasSize(7).containsOnly("on");
        assertThat(transactions.get()).as("units in the runner's transactions").isEqualTo(9);
        assertThat(outside.get()).isZero();
    }

    @Test
    void asynchronousStore_onHibernate_runsItsUnitsAfterTheFirstInAutocommitOutsideTheRunnersTransactions() {
        everyWrite(new JpaIdempotencyStore(counting, TABLE, true));

        if (provider == JpaProvider.HIBERNATE) {
            // The first unit finds the persistence unit's connections; the other eight need no transaction of the runner.
            assertThat(transactions.get()).as("units in the runner's transactions").isEqualTo(1);
            assertThat(outside.get()).as("units outside them").isEqualTo(8);
        } else {
            assertThat(transactions.get()).as("units in the runner's transactions").isEqualTo(9);
            assertThat(outside.get()).isZero();
        }
    }
}
