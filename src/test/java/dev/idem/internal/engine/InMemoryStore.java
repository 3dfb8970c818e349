package dev.idem.internal.engine;

import dev.idem.spi.Claim;
import dev.idem.spi.IdempotencyRecord;
import dev.idem.spi.IdempotencyStore;
import dev.idem.spi.RecordId;
import dev.idem.spi.RecordState;
import dev.idem.spi.StoreException;
import dev.idem.spi.StoredResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A faithful, thread-safe {@link IdempotencyStore} in memory: every method is one atomic map
 * operation with the same conditions as the SQL of the JPA store. Can be told to fail like an
 * unreachable database, and counts calls.
 */
final class InMemoryStore implements IdempotencyStore {

    enum Op { TRY_CLAIM, FIND, TAKE_OVER, COMPLETE, RELEASE, PURGE }

    private final ConcurrentHashMap<RecordId, IdempotencyRecord> records = new ConcurrentHashMap<>();
    private final Map<Op, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final Set<Op> failing = ConcurrentHashMap.newKeySet();
    private final Clock clock;

    InMemoryStore(Clock clock) {
        this.clock = clock;
        for (Op op : Op.values()) {
            calls.put(op, new AtomicInteger());
        }
    }

    /** From now on every call throws {@link StoreException}, as if the database were down. */
    void goDown() {
        failing.addAll(EnumSet.allOf(Op.class));
    }

    /** Only these operations throw. */
    void failOn(Op... ops) {
        failing.addAll(Set.of(ops));
    }

    void comeBack() {
        failing.clear();
    }

    int calls(Op op) {
        return calls.get(op).get();
    }

    int totalCalls() {
        return calls.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    /** Peeks at a record without counting a call. */
    Optional<IdempotencyRecord> peek(RecordId id) {
        return Optional.ofNullable(records.get(id));
    }

    int size() {
        return records.size();
    }

    /** Deletes a record directly, as an administrator would, without counting a call. */
    void delete(RecordId id) {
        records.remove(id);
    }

    /** Puts a record in directly, for arranging a state. */
    void put(IdempotencyRecord record) {
        records.put(record.id(), record);
    }

    @Override
    public boolean tryClaim(Claim claim) {
        enter(Op.TRY_CLAIM);
        return records.putIfAbsent(claim.id(), inFlight(claim)) == null;
    }

    @Override
    public Optional<IdempotencyRecord> find(RecordId id) {
        enter(Op.FIND);
        return Optional.ofNullable(records.get(id));
    }

    @Override
    public boolean takeOver(IdempotencyRecord current, Claim claim) {
        enter(Op.TAKE_OVER);
        AtomicBoolean won = new AtomicBoolean();
        records.computeIfPresent(claim.id(), (id, stored) -> {
            if (stored.leaseToken() == current.leaseToken() && stored.state() == current.state()) {
                won.set(true);
                return inFlight(claim);
            }
            return stored;
        });
        return won.get();
    }

    @Override
    public boolean complete(RecordId id, long leaseToken, StoredResponse response, Instant expiresAt) {
        enter(Op.COMPLETE);
        AtomicBoolean done = new AtomicBoolean();
        records.computeIfPresent(id, (key, stored) -> {
            if (stored.leaseToken() == leaseToken && stored.state() == RecordState.IN_FLIGHT) {
                done.set(true);
                return new IdempotencyRecord(id, stored.fingerprint(), RecordState.DONE, leaseToken, null,
                        stored.createdAt(), expiresAt, response);
            }
            return stored;
        });
        return done.get();
    }

    @Override
    public boolean release(RecordId id, long leaseToken) {
        enter(Op.RELEASE);
        AtomicBoolean deleted = new AtomicBoolean();
        records.computeIfPresent(id, (key, stored) -> {
            if (stored.leaseToken() == leaseToken && stored.state() == RecordState.IN_FLIGHT) {
                deleted.set(true);
                return null;
            }
            return stored;
        });
        return deleted.get();
    }

    @Override
    public int purgeExpired(Instant now, int batchSize) {
        enter(Op.PURGE);
        int deleted = 0;
        for (Map.Entry<RecordId, IdempotencyRecord> entry : records.entrySet()) {
            if (deleted >= batchSize) {
                break;
            }
            IdempotencyRecord record = entry.getValue();
            if (record.isExpired(now) && records.remove(entry.getKey(), record)) {
                deleted++;
            }
        }
        return deleted;
    }

    private IdempotencyRecord inFlight(Claim claim) {
        return new IdempotencyRecord(claim.id(), claim.fingerprint(), RecordState.IN_FLIGHT, claim.leaseToken(),
                claim.lockedUntil(), clock.instant(), claim.expiresAt(), null);
    }

    private void enter(Op op) {
        calls.get(op).incrementAndGet();
        if (failing.contains(op)) {
            throw new StoreException("store down (test)", new java.net.ConnectException("Connection refused"));
        }
    }
}
