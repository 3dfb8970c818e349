package dev.idem;

import dev.idem.internal.cdi.IdemRuntime;
import dev.idem.internal.cdi.MicroProfileSettings;
import dev.idem.internal.engine.Scopes;
import dev.idem.spi.IdempotencyRecord;
import dev.idem.spi.IdempotencyStore;
import dev.idem.spi.RecordId;
import dev.idem.spi.RecordState;
import dev.idem.spi.RecordUnreadableException;
import dev.idem.spi.StoreException;
import dev.idem.spi.StoredResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.logging.Logger;

/**
 * Administration of idempotency records, for support staff and tests: look a key up, release it
 * so that the next request with it runs again, purge expired records now. Inject it anywhere:
 * <pre>{@code
 * @Inject IdempotencyAdmin admin;
 *
 * List<IdempotencyRecordView> records = admin.find("3f1c9a52-order-0001");   // every caller's
 * int released = admin.release("3f1c9a52-order-0001");                        // next request runs again
 * int purged = admin.purgeExpired();
 * }</pre>
 *
 * <p>A record's identity is (scope, key), the scope a hash of the caller's principal and scope
 * header values: the same key sent by two callers is two records. {@link #find(String)} and
 * {@link #release(String)} cover every scope; the methods that take a principal and scope
 * headers address one.
 *
 * <p>A record whose first execution is still running (in flight, lease not yet run out) is never
 * released: its owner would go on running while a retry ran the operation a second time, and the
 * owner's completion would then be refused. Once its lease has run out it can be released.
 *
 * <p>Works on Idem's JPA store and on any {@link IdempotencyStore} that implements
 * {@link IdempotencyStore#findByKey} and {@link IdempotencyStore#delete}; otherwise its methods throw
 * {@link UnsupportedOperationException}. Store failures surface as {@link StoreException}. Stored
 * bodies never appear in its results or logs.
 */
@ApplicationScoped
public class IdempotencyAdmin {
    /** The most records {@link #find(String)} and {@link #release(String)} handle for one key. */
    public static final int MAX_RECORDS_PER_KEY = 100;

    private static final Logger LOG = Logger.getLogger("dev.idem");

    private IdempotencyStore store;
    private UnaryOperator<IdempotencyRecord> readable;
    private Consumer<RecordId> forget;
    private Clock clock;
    private int batchSize;

    protected IdempotencyAdmin() {
        // for the CDI proxy
    }

    @Inject
    IdempotencyAdmin(IdemRuntime runtime) {
        this(runtime.store(), runtime::readable, runtime::forget, Clock.systemUTC(),
                MicroProfileSettings.resolver().resolveStore().cleanupBatchSize());
    }

    IdempotencyAdmin(IdempotencyStore store, UnaryOperator<IdempotencyRecord> readable, Consumer<RecordId> forget,
                     Clock clock, int batchSize) {
        this.store = Objects.requireNonNull(store, "store");
        this.readable = readable;
        this.forget = forget;
        this.clock = clock;
        this.batchSize = batchSize;
    }

    /**
     * The records of {@code key} in every scope, expired ones included, oldest first (at most
     * {@value #MAX_RECORDS_PER_KEY}). The key as the client sent it, without sf-string quotes.
     * Idem's JPA store answers this with a scan of the table: meant for support, not for a hot path.
     */
    public List<IdempotencyRecordView> find(String key) {
        Instant now = clock.instant();
        List<IdempotencyRecordView> views = new ArrayList<>();
        for (IdempotencyRecord record : store.findByKey(requireKey(key), MAX_RECORDS_PER_KEY)) {
            views.add(view(record, now));
        }
        return views;
    }

    /**
     * The record of {@code key} sent by one caller, expired or not.
     *
     * @param principal    the authenticated principal's name, or {@code null} for unauthenticated
     *                     callers and for {@code @Idempotent} CDI bean methods
     * @param scopeHeaders the values of the headers configured in {@code idem.scope.headers} for
     *                     the operation, by name as written there and in that order (a
     *                     {@link LinkedHashMap} when there are several); empty when none is configured
     */
    public Optional<IdempotencyRecordView> find(String key, String principal, Map<String, String> scopeHeaders) {
        RecordId id = new RecordId(scope(principal, scopeHeaders), requireKey(key));
        return store.find(id).map(record -> view(record, clock.instant()));
    }

    /**
     * Releases {@code key} in every scope: deletes its records, except one still in flight with a
     * live lease, so that the next request with the key runs again.
     *
     * @return how many records were deleted
     */
    public int release(String key) {
        int released = 0;
        Instant now = clock.instant();
        for (IdempotencyRecord record : store.findByKey(requireKey(key), MAX_RECORDS_PER_KEY)) {
            if (release(record, now)) {
                released++;
            }
        }
        return released;
    }

    /**
     * Releases {@code key} for one caller (see {@link #find(String, String, Map)} for the
     * parameters), unless its record is still in flight with a live lease.
     *
     * @return {@code true} when a record was deleted; {@code false} when there was none or it is in flight
     */
    public boolean release(String key, String principal, Map<String, String> scopeHeaders) {
        RecordId id = new RecordId(scope(principal, scopeHeaders), requireKey(key));
        return store.find(id).map(record -> release(record, clock.instant())).orElse(false);
    }

    /**
     * Deletes every record that has expired, now, in batches of {@code idem.cleanup.batch-size},
     * as the background purge does every {@code idem.cleanup.interval}.
     *
     * @return how many records were deleted
     */
    public int purgeExpired() {
        Instant now = clock.instant();
        int total = 0;
        int deleted;
        do {
            deleted = store.purgeExpired(now, batchSize);
            total += deleted;
        } while (deleted == batchSize);
        int purged = total;
        LOG.fine(() -> "Idem purged " + purged + " expired records on request");
        return purged;
    }

    private boolean release(IdempotencyRecord record, Instant now) {
        if (record.state() == RecordState.IN_FLIGHT && !record.isLeaseExpired(now) && !record.isExpired(now)) {
            LOG.info(() -> "Idem did not release " + record.id() + ": its first execution is still running");
            return false;
        }
        boolean deleted = store.delete(record.id(), record.leaseToken());
        if (deleted) {
            forget.accept(record.id());
            LOG.info(() -> "Idem released " + record.id() + " on request");
        }
        return deleted;
    }

    private IdempotencyRecordView view(IdempotencyRecord stored, Instant now) {
        StoredResponse response;
        boolean verified = true;
        try {
            response = readable.apply(stored).response();
        } catch (RecordUnreadableException e) {
            response = null;
            verified = false;
        }
        Integer status = stored.response() == null ? null : stored.response().status();
        return new IdempotencyRecordView(stored.id().scope(), stored.id().key(), stored.state(), stored.fingerprint(),
                status,
                response == null ? List.of() : List.copyOf(response.headers().keySet()),
                response == null ? null : response.body().length,
                stored.createdAt(), stored.expiresAt(), stored.lockedUntil(), stored.isExpired(now), verified);
    }

    private static String scope(String principal, Map<String, String> scopeHeaders) {
        Objects.requireNonNull(scopeHeaders, "scopeHeaders");
        if (scopeHeaders.size() > 1 && !(scopeHeaders instanceof LinkedHashMap)) {
            throw new IllegalArgumentException("Several scope headers must be given in their configured order,"
                    + " in a LinkedHashMap: the scope hash depends on it");
        }
        return Scopes.of(principal, List.copyOf(scopeHeaders.keySet()),
                name -> scopeHeaders.get(name) == null ? null : List.of(scopeHeaders.get(name)));
    }

    private static String requireKey(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("An idempotency key is required");
        }
        return key;
    }
}
