package dev.idem.internal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Native statements, reads included, run on the transaction's connection and share its fate. Run on each JPA provider. */
abstract class TransactionRunnerContract {
    private static final String TABLE = "runner_test";
    private static final String INSERT = "INSERT INTO " + TABLE + " (scope, idem_key, fingerprint, state, lease_token,"
            + " created_at, expires_at) VALUES ('s', 'k', 'f', 'DONE', 1, now(), now()) RETURNING created_at";

    private final TransactionRunner transactions;

    protected TransactionRunnerContract(JpaProvider provider) {
        this.transactions = provider.sharedTransactions();
    }

    @BeforeEach
    void emptyTable() {
        JpaIdempotencyStore.createSchema(transactions, TABLE);
        TestDatabase.shared().execute("TRUNCATE " + TABLE);
    }

    @Test
    void workThatReturns_isCommitted() {
        List<?> returned = transactions.inTransaction(em -> em.createNativeQuery(INSERT).getResultList());

        assertThat(returned).hasSize(1);

        assertThat(rows()).isEqualTo(1);
    }

    @Test
    void workThatThrows_isRolledBackEvenAfterAnInsertReadAsAResultList() {
        IllegalStateException failure = new IllegalStateException("boom");

        assertThatThrownBy(() -> transactions.inTransaction(em -> {
            em.createNativeQuery(INSERT).getResultList();
            assertThat(em.createNativeQuery("UPDATE " + TABLE + " SET lease_token = 2").executeUpdate()).isEqualTo(1);
            throw failure;
        })).isSameAs(failure);

        assertThat(rows()).isZero();
    }

    private static long rows() {
        return TestDatabase.shared().queryForLong("SELECT count(*) FROM " + TABLE);
    }
}
