package dev.idem.internal.store;

import static dev.idem.internal.store.Records.NOW;
import static dev.idem.internal.store.Records.claim;
import static dev.idem.internal.store.Records.newId;
import static dev.idem.internal.store.Records.richResponse;
import static org.assertj.core.api.Assertions.assertThat;

import dev.idem.spi.Claim;
import dev.idem.spi.RecordState;
import jakarta.persistence.EntityManagerFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Liquibase;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shipped DDL ({@value IdemSchema#RESOURCE}) used unedited as a Flyway migration and as a
 * Liquibase changelog, each on an empty database next to an application's own first migration:
 * the table equals the one Idem creates itself, and the store works on it without creating anything.
 */
class MigrationToolsTest {
    private static final String FLYWAY_DB = "migrate_flyway";
    private static final String LIQUIBASE_DB = "migrate_liquibase";
    private static final String REFERENCE_DB = "migrate_reference";

    @BeforeAll
    static void emptyDatabases() {
        for (String database : List.of(FLYWAY_DB, LIQUIBASE_DB, REFERENCE_DB)) {
            TestDatabase.shared().execute("DROP DATABASE IF EXISTS " + database);
            TestDatabase.shared().execute("CREATE DATABASE " + database);
        }
        try (EntityManagerFactory factory = factory(REFERENCE_DB)) {
            IdemSchema.create(new ResourceLocalTransactionRunner(factory), TableName.DEFAULT);
        }
    }

    @Test
    void flyway_migratesAnEmptyDatabase_toIdemsOwnSchema_once() {
        Flyway flyway = Flyway.configure()
                .dataSource(url(FLYWAY_DB), TestDatabase.shared().user(), TestDatabase.shared().password())
                .locations("classpath:db/migration", "classpath:META-INF/idem/migration")
                .load();

        assertThat(flyway.migrate().migrationsExecuted).isEqualTo(2);
        assertThat(flyway.migrate().migrationsExecuted).isZero();

        assertThat(queryStrings(FLYWAY_DB, "SELECT script FROM flyway_schema_history WHERE success ORDER BY installed_rank"))
                .containsExactly("V1__orders.sql", "R__idem_record.sql");
        assertSameSchemaAsIdemCreates(FLYWAY_DB);
        assertStoreWorksWithoutCreatingTheSchema(FLYWAY_DB);
    }

    @Test
    void liquibase_migratesAnEmptyDatabase_toIdemsOwnSchema_once() throws Exception {
        liquibaseUpdate();
        liquibaseUpdate();

        assertThat(queryStrings(LIQUIBASE_DB, "SELECT id || ' ' || author || ' ' || filename FROM databasechangelog ORDER BY orderexecuted"))
                .containsExactly("orders-1 app db/changelog/master.xml", "1 idem META-INF/idem/migration/R__idem_record.sql");
        assertSameSchemaAsIdemCreates(LIQUIBASE_DB);
        assertStoreWorksWithoutCreatingTheSchema(LIQUIBASE_DB);
    }

    private static void liquibaseUpdate() throws Exception {
        try (Connection connection = DriverManager.getConnection(url(LIQUIBASE_DB), TestDatabase.shared().user(),
                TestDatabase.shared().password())) {
            Database database = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(connection));
            @SuppressWarnings("deprecation")
            Liquibase liquibase = new Liquibase("db/changelog/master.xml", new ClassLoaderResourceAccessor(), database);
            liquibase.update(new Contexts(), new LabelExpression());
        }
    }

    private static void assertSameSchemaAsIdemCreates(String database) {
        String columns = "SELECT column_name || ' ' || data_type || ' ' || coalesce(character_maximum_length::text, '-')"
                + " || ' ' || is_nullable FROM information_schema.columns"
                + " WHERE table_schema = 'public' AND table_name = 'idem_record' ORDER BY ordinal_position";
        String indexes = "SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename = 'idem_record' ORDER BY indexname";
        String primaryKey = "SELECT string_agg(a.attname, ',' ORDER BY k.ord) FROM pg_index i"
                + " CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)"
                + " JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum"
                + " WHERE i.indrelid = 'idem_record'::regclass AND i.indisprimary";

        assertThat(queryStrings(database, columns)).hasSize(11).isEqualTo(queryStrings(REFERENCE_DB, columns));
        assertThat(queryStrings(database, indexes)).hasSize(2).isEqualTo(queryStrings(REFERENCE_DB, indexes));
        assertThat(queryStrings(database, primaryKey)).containsExactly("scope,idem_key");
    }

    /** Claim, complete, replay read and purge, with no schema creation by Idem. */
    private static void assertStoreWorksWithoutCreatingTheSchema(String database) {
        try (EntityManagerFactory factory = factory(database)) {
            JpaIdempotencyStore store = new JpaIdempotencyStore(new ResourceLocalTransactionRunner(factory));
            Claim claim = claim(newId());

            assertThat(store.tryClaim(claim)).isTrue();
            assertThat(store.tryClaim(claim(claim.id()))).isFalse();
            assertThat(store.complete(claim.id(), claim.leaseToken(), richResponse(), NOW.plusSeconds(60))).isTrue();
            assertThat(store.find(claim.id()).orElseThrow().state()).isEqualTo(RecordState.DONE);
            assertThat(store.find(claim.id()).orElseThrow().response()).isEqualTo(richResponse());
            assertThat(store.purgeExpired(NOW.plusSeconds(60), 10)).isEqualTo(1);
            assertThat(store.find(claim.id())).isEmpty();
        }
    }

    private static EntityManagerFactory factory(String database) {
        return JpaProvider.HIBERNATE.createFactory(TestDatabase.shared().jpaProperties(url(database)));
    }

    private static String url(String database) {
        return TestDatabase.shared().url(database);
    }

    private static List<String> queryStrings(String database, String sql) {
        List<String> values = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(url(database), TestDatabase.shared().user(),
                TestDatabase.shared().password());
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not run: " + sql, e);
        }
        return values;
    }
}
