package dev.idem.internal.store;

import static dev.idem.internal.store.Records.NOW;
import static dev.idem.internal.store.Records.claim;
import static dev.idem.internal.store.Records.newId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.idem.spi.Claim;
import dev.idem.spi.StoreException;
import jakarta.persistence.EntityManagerFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Running the shipped DDL: repeatable, concurrent, under other names. Run on each JPA provider. */
abstract class SchemaContract {
    private final JpaProvider provider;
    private final TransactionRunner transactions;
    private final String prefix;

    protected SchemaContract(JpaProvider provider) {
        this.provider = provider;
        this.transactions = provider.sharedTransactions();
        this.prefix = "schema_" + provider.name().toLowerCase() + "_";
    }

    @Test
    void ddlRunTwice_isHarmless() {
        String table = fresh(prefix + "twice");

        JpaIdempotencyStore.createSchema(transactions, table);
        JpaIdempotencyStore.createSchema(transactions, table);

        assertThat(indexes("public", table)).containsExactlyInAnyOrder(table + "_pkey", table + "_expires_at_idx");
        assertThat(TestDatabase.shared().queryForLong("SELECT count(*) FROM pg_index i JOIN pg_class c"
                + " ON c.oid = i.indexrelid WHERE c.relname = '" + table + "_pkey' AND i.indisprimary AND i.indnatts = 2"))
                .isEqualTo(1);
    }

    @Test
    void schemaQualifiedCustomName_holdsAWorkingStore() {
        String schema = prefix + "custom";
        TestDatabase.shared().execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE; CREATE SCHEMA " + schema);
        String table = schema + ".Records";

        JpaIdempotencyStore.createSchema(transactions, table);

        assertThat(indexes(schema, "records")).containsExactlyInAnyOrder("records_pkey", "records_expires_at_idx");
        JpaIdempotencyStore store = new JpaIdempotencyStore(transactions, table);
        Claim claim = claim(newId());
        assertThat(store.tryClaim(claim)).isTrue();
        assertThat(store.complete(claim.id(), claim.leaseToken(), Records.richResponse(), NOW)).isTrue();
        assertThat(store.find(claim.id()).orElseThrow().response()).isEqualTo(Records.richResponse());
        assertThat(store.purgeExpired(NOW, 10)).isEqualTo(1);
        assertThat(store.table().qualified()).isEqualTo(schema + ".records");
    }

    @Test
    void manyInstancesStartingAtOnce_allCreateTheTableWithoutError() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 5; round++) {
                String table = fresh(prefix + "race_" + round);
                CountDownLatch start = new CountDownLatch(1);
                List<Future<?>> instances = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    instances.add(pool.submit(() -> {
                        start.await();
                        JpaIdempotencyStore.createSchema(provider.sharedTransactions(), table);
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> instance : instances) {
                    instance.get(30, TimeUnit.SECONDS);
                }
                assertThat(indexes("public", table)).hasSize(2);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void tableCreatedByADba_isUsedAsItIsByAUserWhoMayNotCreateTables() {
        String schema = prefix + "dba";
        String table = schema + ".idem_record";
        String user = prefix + "app";
        TestDatabase.shared().execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE; DROP ROLE IF EXISTS " + user
                + "; CREATE ROLE " + user + " LOGIN PASSWORD 'app'; CREATE SCHEMA " + schema);
        JpaIdempotencyStore.createSchema(transactions, table);
        TestDatabase.shared().execute("GRANT USAGE ON SCHEMA " + schema + " TO " + user
                + "; GRANT SELECT, INSERT, UPDATE, DELETE ON " + table + " TO " + user);

        try (EntityManagerFactory factory = provider.createFactory(
                TestDatabase.jpaProperties(TestDatabase.shared().url(), user, "app"))) {
            TransactionRunner application = new ResourceLocalTransactionRunner(factory);
            Object currentUser = application.inTransaction(
                    em -> em.createNativeQuery("SELECT current_user").getSingleResult());
            assertThat(currentUser).isEqualTo(user);

            JpaIdempotencyStore.createSchema(application, table);

            assertThat(new JpaIdempotencyStore(application, table).tryClaim(claim(newId()))).isTrue();
        }
    }

    @Test
    void tableThatCannotBeCreated_failsWithStoreExceptionNamingIt() {
        assertThatThrownBy(() -> JpaIdempotencyStore.createSchema(transactions, "no_such_schema.records"))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("no_such_schema.records")
                .hasCauseInstanceOf(RuntimeException.class);
    }

    @Test
    void invalidTableName_isRejectedBeforeAnySql() {
        assertThatThrownBy(() -> JpaIdempotencyStore.createSchema(transactions, "records; DROP TABLE x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("records; DROP TABLE x");
    }

    /** A table name that exists nowhere yet. */
    private static String fresh(String table) {
        TestDatabase.shared().execute("DROP TABLE IF EXISTS " + table);
        return table;
    }

    /** Names of the indexes of {@code schema.table}. */
    static List<String> indexes(String schema, String table) {
        List<String> names = new ArrayList<>();
        try (var connection = TestDatabase.shared().connect();
                var statement = connection.prepareStatement(
                        "SELECT indexname FROM pg_indexes WHERE schemaname = ? AND tablename = ?")) {
            statement.setString(1, schema);
            statement.setString(2, table);
            try (var rows = statement.executeQuery()) {
                while (rows.next()) {
                    names.add(rows.getString(1));
                }
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return names;
    }
}
