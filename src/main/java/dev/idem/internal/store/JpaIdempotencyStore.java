package dev.idem.internal.store;

import dev.idem.internal.engine.FingerprintedCompletion;
import dev.idem.spi.Claim;
import dev.idem.spi.IdempotencyRecord;
import dev.idem.spi.IdempotencyStore;
import dev.idem.spi.RecordId;
import dev.idem.spi.RecordState;
import dev.idem.spi.StoreException;
import dev.idem.spi.StoredResponse;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The default {@link IdempotencyStore}: records in one PostgreSQL table (see
 * {@code META-INF/idem/migration/R__idem_record.sql} and {@link IdemSchema}), written with one statement per
 * operation on the connection of the entity manager's transaction ({@link Statements}: JDBC on
 * Hibernate ORM, a JPA native query elsewhere), each in a transaction of its own from the given
 * {@link TransactionRunner}.
 *
 * <p>With asynchronous commit (separate mode, where every transaction of the runner is the
 * store's own), on Hibernate ORM every operation after the first runs instead on a connection of
 * the persistence unit's own connection provider, outside any transaction of the caller
 * ({@link TransactionRunner#outsideTransaction}), in autocommit ({@link Autocommit}): each
 * statement commits as PostgreSQL answers it, one round trip, where a transaction of its own
 * costs a second one for the {@code COMMIT}. Claims and completions that concurrent requests
 * make at about the same time share one round trip per kind ({@link GroupCommit}): on Hibernate
 * ORM runs of the lone statements, prepared once per connection, each run of a kind committed
 * together in autocommit; elsewhere one statement for all of them, in one transaction. Each
 * caller still gets its answer only once its own row is committed, so nothing about what is
 * durable when changes; a lone request runs alone, at once. Rows are written in key order. A
 * batch the database refuses as a whole (one bad row, or, rarely, a deadlock with another
 * instance's batch that completes a key this one claims while claiming a key this one
 * completes) is retried item by item, so that it fails only the request at fault; an item that
 * its batch wrote before failing (in autocommit the completions are committed before the claims
 * run) is recognised as its own by its lease. Claims are
 * plain inserts; the existing record is read by {@link #find} only when the key turns out to
 * exist.
 *
 * <p>Joined to the caller's transaction ({@link #joined}: same-transaction mode), the record is
 * written once, finished, by the completion ({@code INSERT ... ON CONFLICT}, see
 * {@link RecordSql#record()}). On Hibernate ORM a claim writes nothing: in one round trip it takes
 * the key's transaction-scoped advisory lock ({@code pg_advisory_xact_lock} on 64 bits of a hash
 * of table, scope and key), waiting while another transaction holds it, and then checks for a
 * record with a snapshot taken once it has the lock, so that it sees what a duplicate before it
 * committed. Elsewhere (one statement per round trip) the claim inserts the in-flight row as in
 * separate mode, and the completion finishes it. A separate-mode request takes no lock: if it
 * records the key first, the completion writes nothing and the caller's transaction must roll
 * back. Two keys whose hashes collide only wait for each other.
 *
 * <p>Only scalar statements are used, never managed entities, so the store behaves the same
 * on Hibernate ORM and EclipseLink and is unaffected by a shared second-level cache. Every
 * failure, including the transaction runner's, surfaces as a {@link StoreException} that keeps
 * the cause and names the key, never the stored body.
 *
 * <p>Thread-safe.
 */
public final class JpaIdempotencyStore implements IdempotencyStore, FingerprintedCompletion {
    /** Most claims or completions in one statement. */
    static final int MAX_BATCH = 32;
    /** Larger response bodies are completed on their own, so that a batch stays small. */
    static final int MAX_BATCHED_BODY = 16 * 1024;

    /** FNV-1a, 64 bits: the advisory lock of a key (see {@link #lockOf}). */
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    /** The order in which a batch writes its rows: by scope, then key. */
    private static final Comparator<RecordId> KEY_ORDER = Comparator.comparing(RecordId::scope).thenComparing(RecordId::key);

    private final TransactionRunner transactions;
    private final TableName table;
    private final RecordSql sql;
    /** Claims and completions of concurrent requests, batched into one transaction; null when joined. */
    private final GroupCommit<Write, Boolean> writes;
    /** The batch statements built so far, by number of completions and claims (see {@link #batchSql}). */
    private final String[] batchSql = new String[(MAX_BATCH + 1) * (MAX_BATCH + 1)];
    /** Whether every operation joins the caller's transaction, claims writing nothing until the completion. */
    private final boolean joined;
    /** The hash of the table name, where the lock of each of its keys starts (see {@link #lockOf}). */
    private final long tableHash;
    /** Where units run outside any transaction, in autocommit, once found (see {@link #unit}); null until then or where not. */
    private volatile Autocommit autocommit;
    /** Whether the first unit has looked for {@link #autocommit}. */
    private volatile boolean probed;

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
     *                           commit too. The same condition lets concurrent claims and
     *                           completions share statements and commits, which they then do.
     * @throws IllegalArgumentException when the table name is not a valid identifier
     */
    public JpaIdempotencyStore(TransactionRunner transactions, String tableName, boolean asynchronousCommit) {
        this(transactions, tableName, asynchronousCommit, false);
    }

    private JpaIdempotencyStore(TransactionRunner transactions, String tableName, boolean asynchronousCommit,
                                boolean joined) {
        this.transactions = Objects.requireNonNull(transactions, "transactions");
        this.table = TableName.of(tableName);
        this.sql = new RecordSql(table, asynchronousCommit);
        this.writes = asynchronousCommit ? new GroupCommit<>(MAX_BATCH, this::writeBatch) : null;
        this.joined = joined;
        this.tableHash = fnv1a(FNV_OFFSET, this.table.qualified());
    }

    /**
     * A store for same-transaction mode: {@code transactions} joins the caller's transaction,
     * which every operation becomes part of; a claim locks the key and the completion writes the
     * record (see the class documentation). Completions must come with their fingerprint
     * ({@link FingerprintedCompletion}); a lock outlives a claim only as long as that transaction.
     *
     * @param tableName the records table, optionally schema-qualified (see {@link TableName})
     * @throws IllegalArgumentException when the table name is not a valid identifier
     */
    public static JpaIdempotencyStore joined(TransactionRunner transactions, String tableName) {
        return new JpaIdempotencyStore(transactions, tableName, false, true);
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
        if (joined) {
            return claimInCallersTransaction(claim);
        }
        if (writes != null) {
            try {
                return writes.submit(new ClaimWrite(claim));
            } catch (GroupCommit.BatchFailed e) {
                if (e.alone()) {
                    throw e.getCause();
                }
                // The batch failed as a whole: claim alone, so that another item's fault is not ours.
                return claimAlone(claim) || ownedBy(claim);
            }
        }
        return claimAlone(claim);
    }

    /**
     * Same-transaction mode's claim; whether the key is this transaction's to record. Where two
     * statements share a round trip, takes the key's lock (waiting while another transaction holds
     * it) and then checks for a record with a snapshot taken after the lock, writing nothing;
     * elsewhere inserts the in-flight row as separate mode does, whose unique key then holds
     * duplicates back until the transaction ends.
     */
    private boolean claimInCallersTransaction(Claim claim) {
        RecordId id = claim.id();
        return inTransaction("claim", id, run -> {
            if (!run.pipelines()) {
                return updated(run.changed(sql.claim(), sql.claimReturning(), claimValues(claim)));
            }
            return run.rowsAfter(sql.lockKey(), new Object[] {lockOf(id)},
                    sql.checkKey(), new Object[] {id.scope(), id.key()}).isEmpty();
        });
    }

    /** The advisory lock of {@code id} in this table: FNV-1a over table, scope and key, the same in every instance. */
    long lockOf(RecordId id) {
        return fnv1a(fnv1a(tableHash, id.scope()), id.key());
    }

    /** Continues {@code hash} over the characters of {@code text} and a terminating 0, so that "ab"+"c" differs from "a"+"bc". */
    private static long fnv1a(long hash, String text) {
        long h = hash;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            h = (h ^ (c & 0xff)) * FNV_PRIME;
            h = (h ^ (c >>> 8)) * FNV_PRIME;
        }
        return h * FNV_PRIME; // the terminating 0
    }

    private boolean claimAlone(Claim claim) {
        Object[] values = claimValues(claim);
        return updated(inTransaction("claim", claim.id(),
                run -> run.changed(sql.claim(), sql.claimReturning(), values)));
    }

    /**
     * Whether the record is this claim's own: a batch whose commit went through but whose answer
     * was lost leaves the claim in place, and claiming it again must not turn it into a stranger's.
     */
    private boolean ownedBy(Claim claim) {
        return recordedUnder(claim.id(), RecordState.IN_FLIGHT, claim.leaseToken());
    }

    /**
     * Whether the record is finished under this completion's lease: a batch whose completions
     * committed before it failed (or whose answer was lost) leaves the completion in place, and
     * completing it again must not report the lease as lost.
     */
    private boolean completedBy(Completion completion) {
        return recordedUnder(completion.id(), RecordState.DONE, completion.leaseToken());
    }

    private boolean recordedUnder(RecordId id, RecordState state, long leaseToken) {
        return find(id)
                .filter(record -> record.state() == state && record.leaseToken() == leaseToken)
                .isPresent();
    }

    /**
     * Writes every claim and completion of the batch as one unit (one alone as its own statement);
     * for each item, whether it was written: claimed, or completed under its lease. Where the
     * provider {@linkplain Statements#pipelines() pipelines}, the completions and then the claims
     * go out as runs of the lone statements, each kind in one round trip, prepared once per
     * connection (in autocommit each kind commits as it is answered); elsewhere all of them as one
     * statement ({@link RecordSql#writeBatch}) in one transaction.
     */
    List<Boolean> writeBatch(List<Write> batch) {
        if (batch.size() == 1) {
            return List.of(batch.get(0) instanceof ClaimWrite claim
                    ? claimAlone(claim.claim())
                    : completeAlone((Completion) batch.get(0)));
        }
        List<ClaimWrite> claims = new ArrayList<>();
        List<Completion> completions = new ArrayList<>();
        for (Write write : batch) {
            if (write instanceof ClaimWrite claim) {
                claims.add(claim);
            } else {
                completions.add((Completion) write);
            }
        }
        // Rows in key order, so that batches touching the same keys (on two instances) lock them in the same order.
        claims.sort(Comparator.comparing(claim -> claim.claim().id(), KEY_ORDER));
        completions.sort(Comparator.comparing(Completion::id, KEY_ORDER));
        return inBatch(batch.size(), run -> run.pipelines()
                ? pipelined(run, batch, claims, completions)
                : inOneStatement(run, batch, claims, completions));
    }

    private List<Boolean> pipelined(Statements run, List<Write> batch, List<ClaimWrite> claims,
                                    List<Completion> completions) {
        Map<Write, Boolean> written = new IdentityHashMap<>(batch.size() * 2);
        writeEach(run, sql.complete(), completions, JpaIdempotencyStore::completionValues, written);
        writeEach(run, sql.claim(), claims, claim -> claimValues(claim.claim()), written);
        List<Boolean> results = new ArrayList<>(batch.size());
        for (Write write : batch) {
            results.add(written.get(write));
        }
        return results;
    }

    /** Runs {@code statement} once per write, in one round trip; records in {@code written} whether each wrote its row. */
    private <W extends Write> void writeEach(Statements run, String statement, List<W> writes,
                                             Function<W, Object[]> values, Map<Write, Boolean> written) {
        if (writes.isEmpty()) {
            return;
        }
        List<Object[]> runs = new ArrayList<>(writes.size());
        for (W write : writes) {
            runs.add(values.apply(write));
        }
        int[] counts = run.updateEach(statement, runs);
        for (int i = 0; i < counts.length; i++) {
            written.put(writes.get(i), updated(counts[i]));
        }
    }

    private List<Boolean> inOneStatement(Statements run, List<Write> batch, List<ClaimWrite> claims,
                                         List<Completion> completions) {
        Object[] values = new Object[completions.size() * RecordSql.COMPLETE_PARAMETERS
                + claims.size() * RecordSql.CLAIM_PARAMETERS];
        int v = 0;
        for (Completion completion : completions) {
            v = append(completionValues(completion), values, v);
        }
        for (ClaimWrite claim : claims) {
            v = append(claimValues(claim.claim()), values, v);
        }
        List<Object[]> rows = run.rows(batchSql(completions.size(), claims.size()), values);
        Set<Written> written = new HashSet<>(rows.size() * 2);
        for (Object[] row : rows) {
            written.add(Written.of(row));
        }
        List<Boolean> results = new ArrayList<>(batch.size());
        for (Write write : batch) {
            results.add(written.contains(Written.of(write)));
        }
        return results;
    }

    private static int append(Object[] run, Object[] values, int from) {
        System.arraycopy(run, 0, values, from, run.length);
        return from + run.length;
    }

    @Override
    public Optional<IdempotencyRecord> find(RecordId id) {
        List<Object[]> rows = inTransaction("read", id, run -> run.rows(sql.find(), id.scope(), id.key()));
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(toRecord(id, rows.get(0)));
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
        return updated(inTransaction("take over", id, run -> run.update(sql.takeOver(),
                claim.fingerprint(), claim.leaseToken(), SqlValues.timestamp(claim.lockedUntil()),
                SqlValues.timestamp(claim.expiresAt()), id.scope(), id.key(), current.leaseToken(),
                current.state().name())));
    }

    @Override
    public boolean complete(RecordId id, long leaseToken, StoredResponse response, Instant expiresAt) {
        Completion completion = new Completion(id, leaseToken, response, expiresAt);
        if (writes != null && response.body().length <= MAX_BATCHED_BODY) {
            try {
                return writes.submit(completion);
            } catch (GroupCommit.BatchFailed e) {
                if (e.alone()) {
                    throw e.getCause();
                }
                // The batch failed as a whole: complete alone, so that another item's fault is not ours.
                return completeAlone(completion) || completedBy(completion);
            }
        }
        return completeAlone(completion);
    }

    /**
     * As {@link #complete(RecordId, long, StoredResponse, Instant)}; joined to the caller's
     * transaction, writes the finished record, which a claim there did not ({@link RecordSql#record()}).
     */
    @Override
    public boolean complete(RecordId id, long leaseToken, String fingerprint, StoredResponse response, Instant expiresAt) {
        if (!joined) {
            return complete(id, leaseToken, response, expiresAt);
        }
        Object[] values = {
            id.scope(),
            id.key(),
            fingerprint,
            leaseToken,
            response.status(),
            HeaderCodec.encode(response.headers()),
            response.body(),
            SqlValues.timestamp(expiresAt),
        };
        return updated(inTransaction("complete", id,
                run -> run.changed(sql.record(), sql.recordReturning(), values)));
    }

    private boolean completeAlone(Completion completion) {
        Object[] values = completionValues(completion);
        return updated(inTransaction("complete", completion.id(),
                run -> run.changed(sql.complete(), sql.completeReturning(), values)));
    }

    /** A claim's values in the order of {@link RecordSql#claim()}, and of each claim in {@link RecordSql#writeBatch}. */
    private static Object[] claimValues(Claim claim) {
        return new Object[] {
            claim.id().scope(),
            claim.id().key(),
            claim.fingerprint(),
            claim.leaseToken(),
            SqlValues.timestamp(claim.lockedUntil()),
            SqlValues.timestamp(claim.expiresAt()),
        };
    }

    /** A completion's values in the order of {@link RecordSql#complete()}, and of each completion in {@link RecordSql#writeBatch}. */
    private static Object[] completionValues(Completion completion) {
        StoredResponse response = completion.response();
        return new Object[] {
            response.status(),
            HeaderCodec.encode(response.headers()),
            response.body(),
            SqlValues.timestamp(completion.expiresAt()),
            completion.id().scope(),
            completion.id().key(),
            completion.leaseToken(),
        };
    }

    @Override
    public boolean release(RecordId id, long leaseToken) {
        return updated(inTransaction("release", id, run -> run.update(sql.release(),
                id.scope(), id.key(), leaseToken)));
    }

    @Override
    public int purgeExpired(Instant now, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, was " + batchSize);
        }
        try {
            return transactions.inTransaction(em -> Statements.of(em).update(sql.purgeExpired(),
                    SqlValues.timestamp(now), batchSize));
        } catch (RuntimeException e) {
            throw new StoreException("Could not purge expired records from " + table, e);
        }
    }

    @Override
    public List<IdempotencyRecord> findByKey(String key, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        List<Object[]> rows;
        try {
            rows = transactions.inTransaction(em -> Statements.of(em).rows(sql.findByKey(), key, limit));
        } catch (RuntimeException e) {
            throw new StoreException("Could not look up key '" + key + "' in " + table, e);
        }
        List<IdempotencyRecord> records = new ArrayList<>(rows.size());
        for (Object[] columns : rows) {
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
        return updated(inTransaction("delete", id, run -> run.update(sql.delete(),
                id.scope(), id.key(), leaseToken)));
    }

    /** The table this store writes to, schema-qualified when configured so. */
    public TableName table() {
        return table;
    }

    private <T> T inTransaction(String action, RecordId id, Function<Statements, T> work) {
        try {
            return unit(work);
        } catch (StoreException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new StoreException("Could not " + action + " " + id + " in " + table, e);
        }
    }

    private <T> T inBatch(int items, Function<Statements, T> work) {
        try {
            return unit(work);
        } catch (RuntimeException e) {
            throw new StoreException("Could not write a batch of " + items + " records in " + table, e);
        }
    }

    /**
     * Runs {@code work} as one unit: in separate mode on Hibernate ORM, once the first unit has
     * found the persistence unit's connections, on one of them in autocommit, outside any
     * transaction ({@link Autocommit}); otherwise in a transaction of the runner.
     */
    private <T> T unit(Function<Statements, T> work) {
        Autocommit direct = autocommit;
        if (direct != null) {
            return transactions.outsideTransaction(() -> direct.run(work));
        }
        return transactions.inTransaction(em -> {
            Statements run = Statements.of(em);
            if (!probed) {
                probe(em, run);
            }
            return work.apply(run);
        });
    }

    /**
     * Whether this store's units can run in autocommit: only its own short transactions (with
     * asynchronous commit, hence batched writes: separate mode), where each statement stands
     * alone, and only on Hibernate ORM, whose connection provider hands out the persistence unit's
     * connections.
     */
    private void probe(EntityManager em, Statements run) {
        if (writes != null && run.pipelines()) {
            Autocommit.Connections connections = HibernateStatements.connections(em);
            if (connections != null) {
                autocommit = new Autocommit(connections);
            }
        }
        probed = true;
    }

    /** A row a batch statement wrote: claimed or completed, the record, and the lease it was written for. */
    private record Written(boolean claimed, RecordId id, long leaseToken) {
        static Written of(Write write) {
            return write instanceof ClaimWrite claim
                    ? new Written(true, claim.claim().id(), claim.claim().leaseToken())
                    : new Written(false, ((Completion) write).id(), ((Completion) write).leaseToken());
        }

        /** From a row of {@link RecordSql#writeBatch(int, int)}. */
        static Written of(Object[] columns) {
            return new Written(SqlValues.integer(columns[0]) == RecordSql.CLAIMED,
                    new RecordId(SqlValues.string(columns[1]), SqlValues.string(columns[2])),
                    SqlValues.longValue(columns[3]));
        }
    }

    /** A claim or a completion waiting for its batch. */
    sealed interface Write permits ClaimWrite, Completion {
    }

    /** A claim waiting for its batch. */
    record ClaimWrite(Claim claim) implements Write {
    }

    /** A completion waiting for its batch. */
    record Completion(RecordId id, long leaseToken, StoredResponse response, Instant expiresAt) implements Write {
    }

    /** {@link RecordSql#writeBatch}, built once per size. A race builds the same text twice, which is harmless. */
    private String batchSql(int completions, int claims) {
        int index = completions * (MAX_BATCH + 1) + claims;
        String statement = batchSql[index];
        if (statement == null) {
            statement = sql.writeBatch(completions, claims);
            batchSql[index] = statement;
        }
        return statement;
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
