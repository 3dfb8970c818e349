package dev.idem.internal.store;

import static dev.idem.internal.store.Records.NOW;
import static dev.idem.internal.store.Records.claim;
import static dev.idem.internal.store.Records.newId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.idem.spi.Claim;
import dev.idem.spi.IdempotencyRecord;
import dev.idem.spi.RecordId;
import dev.idem.spi.RecordState;
import dev.idem.spi.StoredResponse;
import jakarta.persistence.EntityManagerFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@link IdemRecordEntity} against the shipped DDL: a persistence unit that generates its schema
 * from the entity ({@code drop-and-create}) gets the same table, the store works on it, and the
 * entity reads and writes rows the store understands. Run on each JPA provider.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class EntityMappingContract {
    private static final String COLUMNS = "SELECT column_name || ' ' || data_type || ' ' || is_nullable || ' '"
            + " || coalesce(character_maximum_length::text, '-') FROM information_schema.columns"
            + " WHERE table_schema = 'public' AND table_name = 'idem_record' ORDER BY column_name";
    private static final String PRIMARY_KEY = "SELECT a.attname FROM pg_index i JOIN pg_attribute a"
            + " ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)"
            + " WHERE i.indrelid = 'public.idem_record'::regclass AND i.indisprimary ORDER BY a.attname";
    private static final String INDEXES = "SELECT indexdef FROM pg_indexes"
            + " WHERE schemaname = 'public' AND tablename = 'idem_record' AND NOT indexdef LIKE '%UNIQUE%'";

    private final JpaProvider provider;
    private final String generatedUrl;
    private final String ddlUrl;
    private EntityManagerFactory generated;

    protected EntityMappingContract(JpaProvider provider) {
        this.provider = provider;
        String name = provider.name().toLowerCase();
        this.generatedUrl = TestDatabase.shared().url("idem_generated_" + name);
        this.ddlUrl = TestDatabase.shared().url("idem_ddl_" + name);
    }

    @BeforeAll
    void generateSchemaFromTheEntity() {
        recreateDatabase(generatedUrl);
        recreateDatabase(ddlUrl);
        Map<String, Object> properties = TestDatabase.shared().jpaProperties(generatedUrl);
        properties.put("jakarta.persistence.schema-generation.database.action", "drop-and-create");
        generated = provider.createFactory(properties);
        try (EntityManagerFactory ddl = provider.createFactory(TestDatabase.shared().jpaProperties(ddlUrl))) {
            JpaIdempotencyStore.createSchema(new ResourceLocalTransactionRunner(ddl), TableName.DEFAULT);
        }
    }

    @AfterAll
    void close() {
        if (generated != null) {
            generated.close();
        }
    }

    @Test
    void generatedTable_hasTheColumnsKeyAndIndexOfTheShippedDdl() {
        assertThat(query(generatedUrl, COLUMNS)).isEqualTo(query(ddlUrl, COLUMNS)).hasSize(11);
        assertThat(query(generatedUrl, PRIMARY_KEY)).isEqualTo(query(ddlUrl, PRIMARY_KEY))
                .containsExactly("idem_key", "scope");
        assertThat(query(generatedUrl, INDEXES)).isEqualTo(query(ddlUrl, INDEXES)).containsExactly(
                "CREATE INDEX idem_record_expires_at_idx ON public.idem_record USING btree (expires_at)");
    }

    @Test
    void storeOnTheGeneratedTable_works_andTheDdlRunsOverItHarmlessly() {
        TransactionRunner transactions = new ResourceLocalTransactionRunner(generated);
        JpaIdempotencyStore.createSchema(transactions, TableName.DEFAULT);
        JpaIdempotencyStore store = new JpaIdempotencyStore(transactions);
        Claim claim = claim(newId());

        assertThat(store.tryClaim(claim)).isTrue();
        assertThat(store.complete(claim.id(), claim.leaseToken(), Records.richResponse(), NOW)).isTrue();
        assertThat(store.find(claim.id()).orElseThrow().response()).isEqualTo(Records.richResponse());
        assertThat(query(generatedUrl, INDEXES)).hasSize(1);
    }

    @Test
    void entity_readsWhatTheStoreWrote() {
        JpaIdempotencyStore store = new JpaIdempotencyStore(new ResourceLocalTransactionRunner(generated));
        Claim claim = claim(newId());
        store.tryClaim(claim);
        store.complete(claim.id(), claim.leaseToken(), Records.richResponse(), NOW.plus(Records.TTL));
        IdempotencyRecord stored = store.find(claim.id()).orElseThrow();

        IdemRecordEntity entity = new ResourceLocalTransactionRunner(generated).inTransaction(em ->
                em.find(IdemRecordEntity.class, new IdemRecordKey(claim.id().scope(), claim.id().key())));

        assertThat(entity.getScope()).isEqualTo(claim.id().scope());
        assertThat(entity.getKey()).isEqualTo(claim.id().key());
        assertThat(entity.getFingerprint()).isEqualTo(claim.fingerprint());
        assertThat(entity.getState()).isEqualTo(RecordState.DONE);
        assertThat(entity.getLeaseToken()).isEqualTo(claim.leaseToken());
        assertThat(entity.getLockedUntil()).isNull();
        assertThat(entity.getStatus()).isEqualTo(201);
        assertThat(HeaderCodec.decode(entity.getHeaders())).isEqualTo(Records.richResponse().headers());
        assertThat(entity.getBody()).containsExactly(Records.richResponse().body());
        assertThat(entity.getCreatedAt().toInstant()).isEqualTo(stored.createdAt());
        assertThat(entity.getExpiresAt().toInstant()).isEqualTo(stored.expiresAt());
    }

    @Test
    void storeReadsWhatTheEntityWrote() {
        RecordId id = newId();
        StoredResponse response = Records.richResponse();
        IdemRecordEntity entity = new IdemRecordEntity();
        entity.setScope(id.scope());
        entity.setKey(id.key());
        entity.setFingerprint(Records.hex64());
        entity.setState(RecordState.DONE);
        entity.setLeaseToken(7L);
        entity.setStatus(response.status());
        entity.setHeaders(HeaderCodec.encode(response.headers()));
        entity.setBody(response.body());
        entity.setCreatedAt(NOW.minusSeconds(1).atOffset(ZoneOffset.ofHours(-7)));
        entity.setExpiresAt(NOW.plus(Records.TTL).atOffset(ZoneOffset.UTC));

        new ResourceLocalTransactionRunner(generated).inTransaction(em -> {
            em.persist(entity);
            return null;
        });

        IdempotencyRecord record = new JpaIdempotencyStore(new ResourceLocalTransactionRunner(generated))
                .find(id).orElseThrow();
        assertThat(record.fingerprint()).isEqualTo(entity.getFingerprint());
        assertThat(record.state()).isEqualTo(RecordState.DONE);
        assertThat(record.leaseToken()).isEqualTo(7L);
        assertThat(record.response()).isEqualTo(response);
        assertThat(record.createdAt()).isEqualTo(NOW.minusSeconds(1));
        assertThat(record.expiresAt()).isEqualTo(NOW.plus(Records.TTL));
    }

    private static void recreateDatabase(String url) {
        String name = url.substring(url.lastIndexOf('/') + 1);
        TestDatabase.shared().execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        TestDatabase.shared().execute("CREATE DATABASE " + name);
    }

    private static List<String> query(String url, String sql) {
        TestDatabase database = TestDatabase.shared();
        List<String> rows = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(url, database.user(), database.password());
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                rows.add(result.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not run: " + sql, e);
        }
        return rows;
    }
}
