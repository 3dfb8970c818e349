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
    /** ?1 key, ?2 lease token: a claim as the store writes one, changing no row when the key exists. */
    private static final String CLAIM = "INSERT INTO " + TABLE + " (scope, idem_key, fingerprint, state, lease_token,"
            + " created_at, expires_at) VALUES ('s', ?1, 'f', 'IN_FLIGHT', ?2, now(), now()) ON CONFLICT (scope, idem_key) DO NOTHING";

    private final JpaProvider provider;
    private final TransactionRunner transactions;

    protected TransactionRunnerContract(JpaProvider provider) {
        this.provider = provider;
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

    @Test
    void theStoresStatements_areJdbcOnHibernateAndNativeQueriesElsewhere() {
        Statements statements = transactions.inTransaction(Statements::of);

        assertThat(statements).isInstanceOf(provider == JpaProvider.HIBERNATE
                ? HibernateStatements.class
                : Statements.NativeQueries.class);
    }

    @Test
    void theStoresStatements_runInTheTransactionAndShareItsFate() {
        IllegalStateException failure = new IllegalStateException("boom");

        assertThatThrownBy(() -> transactions.inTransaction(em -> {
            Statements statements = Statements.of(em);
            assertThat(statements.rows(INSERT)).hasSize(1);
            assertThat(statements.update("UPDATE " + TABLE + " SET lease_token = ?1 WHERE idem_key = ?2", 7L, "k"))
                    .isEqualTo(1);
            // One column still comes back as an array of one; the transaction's own write is visible.
            List<Object[]> seen = statements.rows("SELECT lease_token FROM " + TABLE + " WHERE scope = ?1", "s");
            assertThat(seen).hasSize(1);
            assertThat(seen.get(0)).hasSize(1);
            assertThat(SqlValues.longValue(seen.get(0)[0])).isEqualTo(7L);
            throw failure;
        })).isSameAs(failure);

        assertThat(rows()).isZero();
    }

    @Test
    void aRunOfOneStatement_reportsEachRunsRowCount_inTheTransaction() {
        IllegalStateException failure = new IllegalStateException("boom");

        assertThatThrownBy(() -> transactions.inTransaction(em -> {
            Statements statements = Statements.of(em);
            int[] counts = statements.updateEach(CLAIM,
                    List.of(new Object[] {"a", 1L}, new Object[] {"b", 2L}, new Object[] {"a", 3L}));
            assertThat(counts).containsExactly(1, 1, 0);
            assertThat(statements.updateEach("UPDATE " + TABLE + " SET state = 'DONE' WHERE idem_key = ?1 AND lease_token = ?2",
                    List.of(new Object[] {"b", 2L}, new Object[] {"a", 3L}))).containsExactly(1, 0);
            throw failure;
        })).isSameAs(failure);

        assertThat(rows()).isZero();
    }

    @Test
    void theRowsAStatementChanged_areCountedOnEveryProvider() {
        int[] changed = transactions.inTransaction(em -> new int[] {
            Statements.of(em).changed(CLAIM, CLAIM + " RETURNING 1", "a", 1L),
            Statements.of(em).changed(CLAIM, CLAIM + " RETURNING 1", "a", 2L),
        });

        assertThat(changed).containsExactly(1, 0);
        assertThat(rows()).isEqualTo(1);
    }

    @Test
    void aRunOfOneStatement_isOneRoundTripPreparedOnTheServer_onHibernateOnly() {
        String update = "UPDATE " + TABLE + " SET lease_token = ?1 WHERE idem_key = ?2 AND lease_token >= 0";

        List<Object[]> prepared = transactions.inTransaction(em -> {
            Statements statements = Statements.of(em);
            statements.updateEach(update, List.of(new Object[] {1L, "x"}, new Object[] {2L, "y"}));
            return statements.rows("SELECT statement FROM pg_prepared_statements WHERE statement LIKE ?1",
                    "UPDATE " + TABLE + " SET lease_token = $1%");
        });

        boolean hibernate = provider == JpaProvider.HIBERNATE;
        boolean pipelines = transactions.inTransaction(em -> Statements.of(em).pipelines());
        assertThat(pipelines).isEqualTo(hibernate);
        if (hibernate) {
            // Parsed and planned once for the connection, not at every batch.
            assertThat(prepared).hasSize(1);
        }
    }

    @Test
    void twoStatementsOneAfterTheOther_returnTheSecondsRows_theSecondSeeingWhatTheFirstDid() {
        transactions.inTransaction(em -> Statements.of(em).update(CLAIM, "a", 1L));

        List<Object[]> rows = transactions.inTransaction(em -> Statements.of(em).rowsAfter(
                "UPDATE " + TABLE + " SET lease_token = ?1 WHERE idem_key = ?2 RETURNING lease_token", new Object[] {7L, "a"},
                "SELECT idem_key, lease_token FROM " + TABLE + " WHERE lease_token = ?1 AND idem_key = ?2", new Object[] {7L, "a"}));

        assertThat(rows).hasSize(1);
        assertThat(rows.get(0)).containsExactly("a", 7L);
    }

    @Test
    void twoStatementsOneAfterTheOther_withNoRowsFromTheSecond_returnNone() {
        List<Object[]> rows = transactions.inTransaction(em -> Statements.of(em).rowsAfter(
                "SELECT 1 FROM (SELECT pg_advisory_xact_lock(?1)) AS locked", new Object[] {42L},
                "SELECT idem_key FROM " + TABLE + " WHERE idem_key = ?1", new Object[] {"missing"}));

        assertThat(rows).isEmpty();
    }
}
