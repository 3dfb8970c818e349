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
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Which store transactions wait for their WAL flush: with asynchronous commit (separate mode) each
 * write turns {@code synchronous_commit} off for its own transaction only, inside the statement;
 * without it (same-transaction mode, where the caller's transaction is joined) nothing changes.
 * Checked by reading {@code synchronous_commit} in the same transaction, just before its commit.
 */
abstract class CommitModeContract {
    private final JpaProvider provider;
    private final List<String> seenBeforeCommit = new ArrayList<>();
    private TransactionRunner probing;

    protected CommitModeContract(JpaProvider provider) {
        this.provider = provider;
    }

    @BeforeEach
    void probe() {
        JpaIdempotencyStore.createSchema(provider.sharedTransactions(), TableName.DEFAULT);
        probing = new TransactionRunner() {
            @Override
            public <T> T inTransaction(Function<EntityManager, T> work) {
                return provider.sharedTransactions().inTransaction(em -> {
                    T result = work.apply(em);
                    seenBeforeCommit.add(synchronousCommit(em));
                    return result;
                });
            }
        };
    }

    private static String synchronousCommit(EntityManager em) {
        return String.valueOf(em.createNativeQuery("SELECT current_setting('synchronous_commit')").getSingleResult());
    }

    private void everyWrite(JpaIdempotencyStore store) {
        Claim claim = claim(newId());
        assertThat(store.tryClaim(claim)).isTrue();
        assertThat(store.complete(claim.id(), claim.leaseToken(), richResponse(), NOW.plus(Duration.ofHours(1)))).isTrue();
        Claim released = claim(newId());
        assertThat(store.tryClaim(released)).isTrue();
        assertThat(store.release(released.id(), released.leaseToken())).isTrue();
        Claim dead = claimAt(newId(), NOW.minus(Duration.ofMinutes(5)));
        assertThat(store.tryClaim(dead)).isTrue();
        IdempotencyRecord stuck = new JpaIdempotencyStore(provider.sharedTransactions()).find(dead.id()).orElseThrow();
        assertThat(store.takeOver(stuck, claim(dead.id()))).isTrue();
        assertThat(store.tryClaim(claim(claim.id()))).as("claim of an existing key").isFalse();
        assertThat(store.tryClaim(claim(newId()))).isTrue();
    }

    @Test
    void asynchronousStore_commitsEachWriteWithSynchronousCommitOff() {
        everyWrite(new JpaIdempotencyStore(probing, TableName.DEFAULT, true));

        assertThat(seenBeforeCommit).hasSize(8).containsOnly("off");
    }

    @Test
    void asynchronousStore_leavesTheSettingOfLaterTransactionsOnTheSameConnectionsAlone() {
        everyWrite(new JpaIdempotencyStore(provider.sharedTransactions(), TableName.DEFAULT, true));

        for (int i = 0; i < 4; i++) {
            assertThat(provider.sharedTransactions().inTransaction(CommitModeContract::synchronousCommit)).isEqualTo("on");
        }
    }

    @Test
    void synchronousStore_forTheCallersTransaction_leavesItsCommitAlone() {
        everyWrite(new JpaIdempotencyStore(probing, TableName.DEFAULT, false));

        assertThat(seenBeforeCommit).hasSize(8).containsOnly("on");
    }
}
