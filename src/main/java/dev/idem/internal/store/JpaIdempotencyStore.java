package dev.idem.internal.store;

import dev.idem.internal.engine.ClaimOrRead;
import dev.idem.spi.Claim;
import dev.idem.spi.IdempotencyRecord;
import dev.idem.spi.IdempotencyStore;
import dev.idem.spi.RecordId;
import dev.idem.spi.RecordState;
import dev.idem.spi.StoreException;
import dev.idem.spi.StoredResponse;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The default {@link IdempotencyStore}: records in one PostgreSQL table (see
 * {@code META-INF/idem/migration/R__idem_record.sql} and {@link IdemSchema}), written with one JPA native
 * query per operation, each in a transaction of its own from the given {@link TransactionRunner}.
 *
 * <p>Only scalar native queries are used, never managed entities, so the store behaves the same
 * on Hibernate ORM and EclipseLink and is unaffected by a shared second-level cache. Every
 * failure, including the transaction runner's, surfaces as a {@link StoreException} that keeps
 * the cause and names the key, never the stored body.
 *
 * <p>Thread-safe.
 */
public final class JpaIdempotencyStore implements IdempotencyStore, ClaimOrRead {
    private final TransactionRunner transactions;
    private final TableName table;
    private final RecordSql sql;

    /** A store on the default table {@value TableName#DEFAULT}. */
    public JpaIdempotencyStore(TransactionRunner transactions) {
        this(transactions, TableName.DEFAULT);
    }

    /**
     * @param tableName the records table, optionally schema-qualified (see {@link TableName})
     * @throws IllegalArgumentException when the table name is not a valid identifier
     */
    public JpaIdempotencyStore(TransactionRunner transactions, String tableName) {
        this(transactions, tableName, false);
    }

    /**
     * @param tableName          the records table, optionally schema-qualified (see {@link TableName})
     * @param asynchronousCommit whether claim, takeover, completion and release commit with
     *                           {@code synchronous_commit = off} (set inside each statement, no extra
     *                           round trip). Only for a runner whose transactions are the store's
     *                           own: joined to the caller's transaction it would defer the caller's
     *                           commit too.
     * @throws IllegalArgumentException when the table name is not a valid identifier
     */
    public JpaIdempotencyStore(TransactionRunner transactions, String tableName, boolean asynchronousCommit) {
        this.transactions = Objects.requireNonNull(transactions, "transactions");
        this.table = TableName.of(tableName);
        this.sql = new RecordSql(table, asynchronousCommit);
    }

    /**
     * Creates {@code tableName} and its index unless they exist, running the shipped DDL in one
     * transaction; see {@link IdemSchema#create(TransactionRunner, String)}.
     *
     * @throws StoreException when the table could not be created and does not exist
     * @throws IllegalArgumentException when the table name is invalid
     */
    public static void createSchema(TransactionRunner transactions, String tableName) {
        IdemSchema.create(transactions, tableName);
    }

    @Override
    public boolean tryClaim(Claim claim) {
        RecordId id = claim.id();
        List<?> created = inTransaction("claim", id, em -> bind(em.createNativeQuery(sql.claim()),
                id.scope(), id.key(), claim.fingerprint(), claim.leaseToken(),
                SqlValues.timestamp(claim.lockedUntil()), SqlValues.timestamp(claim.expiresAt()))
                .getResultList());
        return !created.isEmpty();
    }

    @Override
    public Attempt claimOrRead(Claim claim) {
        RecordId id = claim.id();
        List<?> rows = inTransaction("claim", id, em -> bind(em.createNativeQuery(sql.claimOrRead()),
                id.scope(), id.key(), claim.fingerprint(), claim.leaseToken(),
                SqlValues.timestamp(claim.lockedUntil()), SqlValues.timestamp(claim.expiresAt()))
                .getResultList());
        if (rows.isEmpty()) {
            return Attempt.VANISHED;
        }
        Object[] row = (Object[]) rows.get(0);
        if (Boolean.TRUE.equals(row[0])) {
            return Attempt.CLAIMED;
        }
        try {
            return new Attempt(false, toRecord(id, Arrays.copyOfRange(row, 1, row.length)));
        } catch (RuntimeException e) {
            throw new StoreException("Could not read the record of " + id + " in " + table, e);
        }
    }

    @Override
    public Optional<IdempotencyRecord> find(RecordId id) {
        List<?> rows = inTransaction("read", id, em -> bind(em.createNativeQuery(sql.find()), id.scope(), id.key())
                .getResultList());
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(toRecord(id, (Object[]) rows.get(0)));
        } catch (RuntimeException e) {
            throw new StoreException("Could not read the record of " + id + " in " + table, e);
        }
    }

    @Override
    public boolean takeOver(IdempotencyRecord current, Claim claim) {
        RecordId id = current.id();
        if (!id.equals(claim.id())) {
            throw new IllegalArgumentException("A takeover must keep the record's id: " + id + " vs " + claim.id());
        }
        return updated(inTransaction("take over", id, em -> bind(em.createNativeQuery(sql.takeOver()),
                claim.fingerprint(), claim.leaseToken(), SqlValues.timestamp(claim.lockedUntil()),
                SqlValues.timestamp(claim.expiresAt()), id.scope(), id.key(), current.leaseToken(),
                current.state().name())
                .executeUpdate()));
    }

    @Override
    public boolean complete(RecordId id, long leaseToken, StoredResponse response, Instant expiresAt) {
        String headers = HeaderCodec.encode(response.headers());
        return updated(inTransaction("complete", id, em -> bind(em.createNativeQuery(sql.complete()),
                response.status(), headers, response.body(), SqlValues.timestamp(expiresAt),
                id.scope(), id.key(), leaseToken)
                .getResultList().size()));
    }

    @Override
    public boolean release(RecordId id, long leaseToken) {
        return updated(inTransaction("release", id, em -> bind(em.createNativeQuery(sql.release()),
                id.scope(), id.key(), leaseToken)
                .executeUpdate()));
    }

    @Override
    public int purgeExpired(Instant now, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, was " + batchSize);
        }
        try {
            return transactions.inTransaction(em -> bind(em.createNativeQuery(sql.purgeExpired()),
                    SqlValues.timestamp(now), batchSize)
                    .executeUpdate());
        } catch (RuntimeException e) {
            throw new StoreException("Could not purge expired records from " + table, e);
        }
    }

    @Override
    public List<IdempotencyRecord> findByKey(String key, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        List<?> rows;
        try {
            rows = transactions.inTransaction(em -> bind(em.createNativeQuery(sql.findByKey()), key, limit)
                    .getResultList());
        } catch (RuntimeException e) {
            throw new StoreException("Could not look up key '" + key + "' in " + table, e);
        }
        List<IdempotencyRecord> records = new ArrayList<>(rows.size());
        for (Object row : rows) {
            Object[] columns = (Object[]) row;
            RecordId id = new RecordId(SqlValues.string(columns[RecordSql.SCOPE]), key);
            try {
                records.add(toRecord(id, columns));
            } catch (RuntimeException e) {
                throw new StoreException("Could not read the record of " + id + " in " + table, e);
            }
        }
        return records;
    }

    @Override
    public boolean delete(RecordId id, long leaseToken) {
        return updated(inTransaction("delete", id, em -> bind(em.createNativeQuery(sql.delete()),
                id.scope(), id.key(), leaseToken)
                .executeUpdate()));
    }

    /** The table this store writes to, schema-qualified when configured so. */
    public TableName table() {
        return table;
    }

    private <T> T inTransaction(String action, RecordId id, Function<EntityManager, T> work) {
        try {
            return transactions.inTransaction(work);
        } catch (StoreException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new StoreException("Could not " + action + " " + id + " in " + table, e);
        }
    }

    private static Query bind(Query query, Object... values) {
        for (int i = 0; i < values.length; i++) {
            query.setParameter(i + 1, values[i]);
        }
        return query;
    }

    private static boolean updated(int rows) {
        return rows == 1;
    }

    private static IdempotencyRecord toRecord(RecordId id, Object[] row) {
        RecordState state = RecordState.valueOf(SqlValues.string(row[RecordSql.STATE]));
        StoredResponse response = state == RecordState.DONE ? toResponse(row) : null;
        return new IdempotencyRecord(id,
                SqlValues.string(row[RecordSql.FINGERPRINT]),
                state,
                SqlValues.longValue(row[RecordSql.LEASE_TOKEN]),
                SqlValues.instant(row[RecordSql.LOCKED_UNTIL]),
                SqlValues.instant(row[RecordSql.CREATED_AT]),
                SqlValues.instant(row[RecordSql.EXPIRES_AT]),
                response);
    }

    private static StoredResponse toResponse(Object[] row) {
        Integer status = SqlValues.integer(row[RecordSql.STATUS]);
        String headers = SqlValues.string(row[RecordSql.HEADERS]);
        byte[] body = SqlValues.bytes(row[RecordSql.BODY]);
        if (status == null) {
            throw new IllegalStateException("A DONE record has no status");
        }
        return new StoredResponse(status,
                headers == null ? Map.of() : HeaderCodec.decode(headers),
                body == null ? new byte[0] : body);
    }
}
