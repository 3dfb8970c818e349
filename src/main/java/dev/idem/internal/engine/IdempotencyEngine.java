package dev.idem.internal.engine;

import dev.idem.spi.Claim;
import dev.idem.spi.IdempotencyRecord;
import dev.idem.spi.IdempotencyStore;
import dev.idem.spi.RecordId;
import dev.idem.spi.RecordState;
import dev.idem.spi.RecordUnreadableException;
import dev.idem.spi.StoredResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Decides, for each request, whether it runs, replays, or is refused, and records outcomes.
 * Knows nothing of CDI, JAX-RS or JPA: adapters describe the request and apply the decision.
 *
 * <p>Claim protocol: insert an in-flight record ({@code ON CONFLICT DO NOTHING}); if the key
 * exists, read it once and decide: an expired record or an expired lease is taken over with a
 * conditional update that one contender wins; a different fingerprint is a 422; a finished
 * record is replayed; a live in-flight record is a 409 (or, in wait mode, polled until it
 * finishes). Completion and release present the claim's fencing token, so a dead owner's late
 * completion changes nothing.
 */
public final class IdempotencyEngine {
    static final Logger LOG = Logger.getLogger("dev.idem");

    /** Headers that carry credentials or session state: never stored, whatever the settings say. */
    public static final Set<String> NEVER_STORED = Set.of(
            "set-cookie", "set-cookie2", "cookie", "authorization", "proxy-authorization",
            "proxy-authenticate", "www-authenticate", "idempotent-replayed");

    private static final int MAX_RACE_ROUNDS = 8;
    /** Expiry instants are whole tenths of a second; see {@link #expiry(Instant)}. */
    private static final long EXPIRY_GRANULARITY_NANOS = 100_000_000L;
    private static final long STORE_RETRY_AFTER_SECONDS = 2;
    private static final Duration FIRST_POLL = Duration.ofMillis(10);
    private static final Duration MAX_POLL = Duration.ofMillis(250);

    private final IdempotencyStore store;
    private final Clock clock;
    private final Pauser pauser;
    private final LongSupplier tokens;
    private final ReplayCache cache;
    private final EngineListener listener;

    public IdempotencyEngine(IdempotencyStore store, Clock clock) {
        this(store, clock, ReplayCache.DISABLED, EngineListener.NONE);
    }

    /** @param cache finished records kept in memory for replays; may be shared by several engines over one table */
    public IdempotencyEngine(IdempotencyStore store, Clock clock, ReplayCache cache) {
        this(store, clock, cache, EngineListener.NONE);
    }

    public IdempotencyEngine(IdempotencyStore store, Clock clock, EngineListener listener) {
        this(store, clock, ReplayCache.DISABLED, listener);
    }

    /**
     * @param cache    finished records kept in memory for replays; may be shared by several engines over one table
     * @param listener told of every record id and every decision (metrics, logging context)
     */
    public IdempotencyEngine(IdempotencyStore store, Clock clock, ReplayCache cache, EngineListener listener) {
        this(store, clock, Pauser.SLEEP, IdempotencyEngine::randomToken, cache, listener);
    }

    public IdempotencyEngine(IdempotencyStore store, Clock clock, Pauser pauser, LongSupplier tokens) {
        this(store, clock, pauser, tokens, ReplayCache.DISABLED, EngineListener.NONE);
    }

    public IdempotencyEngine(IdempotencyStore store, Clock clock, Pauser pauser, LongSupplier tokens,
                             ReplayCache cache) {
        this(store, clock, pauser, tokens, cache, EngineListener.NONE);
    }

    public IdempotencyEngine(IdempotencyStore store, Clock clock, Pauser pauser, LongSupplier tokens,
                             EngineListener listener) {
        this(store, clock, pauser, tokens, ReplayCache.DISABLED, listener);
    }

    public IdempotencyEngine(IdempotencyStore store, Clock clock, Pauser pauser, LongSupplier tokens,
                             ReplayCache cache, EngineListener listener) {
        this.store = store;
        this.clock = clock;
        this.pauser = pauser;
        this.tokens = tokens;
        this.cache = cache;
        this.listener = listener;
    }

    /**
     * Stops replaying {@code id} from memory: call it when the record is deleted (by an
     * administrator, say), so that this instance asks the store again.
     */
    public void forget(RecordId id) {
        cache.forget(id);
    }

    /** The whole decision for an HTTP request: key, body limit, scope, fingerprint, claim. */
    public Decision begin(RequestView request, Settings settings) {
        KeyCheck check = IdempotencyKeys.check(request.header(settings.header()), settings);
        if (check instanceof KeyCheck.Missing) {
            return settings.required()
                    ? decided(settings, new Decision.Reject(Problem.KEY_MISSING, 0, "this operation requires the "
                            + settings.header() + " header"))
                    : new Decision.Bypass();
        }
        if (check instanceof KeyCheck.Malformed malformed) {
            return decided(settings, new Decision.Reject(Problem.KEY_MALFORMED, 0, malformed.reason()));
        }
        String key = ((KeyCheck.Valid) check).key();
        RequestView.Body body = request.body(settings.maxBodySize());
        if (body == null) {
            return decided(settings, new Decision.Reject(Problem.BODY_TOO_LARGE, 0,
                    "an idempotent request body may be at most " + settings.maxBodySize() + " bytes"));
        }
        String scope = Scopes.of(request.principal(), settings.scopeHeaders(), request::header);
        String fingerprint = Fingerprints.of(request.method(), request.path(), request.query(),
                body.bytes(), body.length());
        return begin(new RecordId(scope, key), fingerprint, settings);
    }

    /** Claims {@code id} for a request with this fingerprint, or says why not. */
    public Decision begin(RecordId id, String fingerprint, Settings settings) {
        listener.identified(id);
        return decided(settings, decide(id, fingerprint, settings));
    }

    private Decision decided(Settings settings, Decision decision) {
        listener.decided(settings.target(), Outcome.of(decision));
        return decision;
    }

    private Decision decide(RecordId id, String fingerprint, Settings settings) {
        try {
            return claim(id, fingerprint, settings);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return inFlight(id, Duration.ofSeconds(1));
        } catch (RecordUnreadableException e) {
            LOG.log(Level.WARNING, e, () -> "Idem refuses " + id + " on " + settings.target()
                    + ": its record cannot be verified; it is not replayed and nothing runs");
            return recordUnreadable();
        } catch (RuntimeException e) {
            return storeFailed(id, settings, e);
        }
    }

    private Decision claim(RecordId id, String fingerprint, Settings settings) throws InterruptedException {
        ReplayCache.Entry cached = cache.get(id, clock.instant());
        if (cached != null) {
            if (!cached.fingerprint().equals(fingerprint)) {
                return keyReused();
            }
            LOG.fine(() -> "Idem replays " + id + " from memory");
            return new Decision.Replay(cached.response());
        }
        Instant deadline = null;
        Duration poll = FIRST_POLL;
        int raceRounds = 0;
        while (true) {
            Instant now = clock.instant();
            Claim claim = newClaim(id, fingerprint, settings, now);
            if (store.tryClaim(claim)) {
                return proceed(claim, settings);
            }
            Optional<IdempotencyRecord> found = store.find(id);
            if (found.isEmpty()) {
                if (++raceRounds > MAX_RACE_ROUNDS) {
                    return inFlight(id, Duration.ofSeconds(1));
                }
                continue; // released or purged between our insert and our read: claim again
            }
            IdempotencyRecord record = found.get();
            if (record.isExpired(now) || (record.fingerprint().equals(fingerprint) && record.isLeaseExpired(now))) {
                if (store.takeOver(record, claim)) {
                    if (record.state() == RecordState.IN_FLIGHT && !record.isExpired(now)) {
                        LOG.info(() -> "Idem took over " + id + ": the previous owner's lease expired");
                    }
                    return proceed(claim, settings);
                }
                if (++raceRounds > MAX_RACE_ROUNDS) {
                    return inFlight(id, Duration.ofSeconds(1));
                }
                continue; // another contender won: look again
            }
            Decision answer = answerOf(record, fingerprint, now);
            if (answer != null) {
                return answer;
            }
            Duration leaseLeft = Duration.between(now, record.lockedUntil());
            if (settings.inFlight() == InFlightMode.REJECT) {
                return inFlight(id, leaseLeft);
            }
            if (deadline == null) {
                deadline = now.plus(settings.inFlightMaxWait());
            }
            Duration waitLeft = Duration.between(now, deadline);
            if (waitLeft.isNegative() || waitLeft.isZero()) {
                return inFlight(id, leaseLeft);
            }
            pauser.pause(min(poll, min(waitLeft, leaseLeft)));
            poll = min(poll.multipliedBy(2), MAX_POLL);
        }
    }

    /** What a live record answers a request with this fingerprint: 422, or its replay; {@code null} while in flight. */
    private Decision answerOf(IdempotencyRecord record, String fingerprint, Instant now) {
        if (!record.fingerprint().equals(fingerprint)) {
            return keyReused();
        }
        if (record.state() != RecordState.DONE) {
            return null;
        }
        LOG.fine(() -> "Idem replays " + record.id());
        cache.put(record, now);
        return new Decision.Replay(record.response());
    }

    private Claim newClaim(RecordId id, String fingerprint, Settings settings, Instant now) {
        return new Claim(id, fingerprint, tokens.getAsLong(), now.plus(settings.lease()),
                expiry(now.plus(settings.claimLifetime())));
    }

    private static Decision proceed(Claim claim, Settings settings) {
        return new Decision.Proceed(new Lease(claim.id(), claim.leaseToken(), settings, claim.fingerprint()));
    }

    private static Decision keyReused() {
        return new Decision.Reject(Problem.KEY_REUSED, 0,
                "this key was already used for a different request (method, path, query or body differ)");
    }

    private static Decision inFlight(RecordId id, Duration leaseLeft) {
        long seconds = Math.max(1, leaseLeft.plusNanos(999_999_999).getSeconds());
        return new Decision.Reject(Problem.IN_FLIGHT, seconds,
                "a request with this key is still in progress; retry after " + seconds + " s");
    }

    private static Decision storeFailed(RecordId id, Settings settings, RuntimeException e) {
        if (settings.failureMode() == FailureMode.FAIL_OPEN) {
            LOG.log(Level.WARNING, e, () -> "Idem store unreachable; " + id + " runs WITHOUT idempotency (fail-open) on "
                    + settings.target());
            return new Decision.Bypass();
        }
        LOG.log(Level.WARNING, e, () -> "Idem store unreachable; refusing " + id + " on " + settings.target()
                + " with 503 (fail-closed)");
        return storeUnavailable();
    }

    private static Decision recordUnreadable() {
        return new Decision.Reject(Problem.RECORD_UNREADABLE, 0,
                "the recorded response for this key cannot be verified; it is not replayed and nothing was executed");
    }

    private static Decision storeUnavailable() {
        return new Decision.Reject(Problem.STORE_UNAVAILABLE, STORE_RETRY_AFTER_SECONDS,
                "the idempotency store is unavailable; nothing was executed");
    }

    /**
     * Records the outcome of a leased execution, or releases the key when it must not be kept:
     * a 5xx (unless {@code store-server-errors}) or a body over {@code max-body-size}. A store
     * failure or a lost lease is logged, not thrown: the response has been produced and goes out.
     *
     * @param body   the response body bytes; only the first {@code length} count
     */
    public void finish(Lease lease, int status, Map<String, List<String>> headers, byte[] body, int length) {
        finish(lease, status, headers, body, length, false);
    }

    /**
     * As {@link #finish(Lease, int, Map, byte[], int)}, for same-transaction mode: a store failure
     * or a lost lease is thrown, so that the caller's transaction, business work included, rolls back.
     */
    public void finishInTransaction(Lease lease, int status, Map<String, List<String>> headers, byte[] body, int length) {
        finish(lease, status, headers, body, length, true);
    }

    private void finish(Lease lease, int status, Map<String, List<String>> headers, byte[] body, int length,
                        boolean strict) {
        Settings settings = lease.settings();
        if (status >= 500 && !settings.storeServerErrors()) {
            release(lease, () -> "the operation answered " + status, strict);
            return;
        }
        if (length > settings.maxBodySize()) {
            abandonOversized(lease, strict);
            return;
        }
        byte[] exact = length == body.length ? body : Arrays.copyOf(body, length);
        record(lease, new StoredResponse(status, replayable(headers, settings), exact), strict);
    }

    /**
     * Records {@code response} as the outcome, whatever its status (a CDI method's recorded
     * exception, say). With {@code strict}, a store failure or a lost lease is thrown.
     */
    public void record(Lease lease, StoredResponse response, boolean strict) {
        Settings settings = lease.settings();
        boolean recorded;
        try {
            Instant expiresAt = expiry(clock.instant().plus(settings.ttl()));
            recorded = FingerprintedCompletion.complete(store, lease.id(), lease.token(), lease.fingerprint(),
                    response, expiresAt);
        } catch (RuntimeException e) {
            if (strict) {
                throw e;
            }
            LOG.log(Level.WARNING, e, () -> "Idem could not record " + lease.id()
                    + "; a retry after the lease expires will run the operation again");
            return;
        }
        if (!recorded) {
            if (strict) {
                throw new KeyTakenException(lease.id());
            }
            String message = "Idem could not record " + lease.id() + ": its lease was taken over by a retry"
                    + " after it expired (lease " + settings.lease() + ")";
            LOG.warning(() -> message + "; the retry's response is the recorded one");
        }
    }

    /**
     * What a same-transaction request answers once its work was rolled back because another
     * request took its key first ({@link KeyTakenException}): the other's recorded response when
     * it is the same request, 422 when it is a different one, else 409. Read from this engine's
     * store, outside the rolled-back transaction; nothing runs. A store failure is a 503, whatever
     * the failure mode: the operation already ran and was undone.
     */
    public Decision afterKeyTaken(Lease lease) {
        RecordId id = lease.id();
        try {
            Instant now = clock.instant();
            Optional<IdempotencyRecord> found = store.find(id).filter(record -> !record.isExpired(now));
            if (found.isEmpty()) {
                return inFlight(id, Duration.ofSeconds(1));
            }
            IdempotencyRecord record = found.get();
            Decision answer = answerOf(record, lease.fingerprint(), now);
            return answer != null ? answer : inFlight(id, Duration.between(now, record.lockedUntil()));
        } catch (RecordUnreadableException e) {
            LOG.log(Level.WARNING, e, () -> "Idem cannot verify the record of " + id + "; it is not replayed");
            return recordUnreadable();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, e, () -> "Idem store unreachable; answering " + id + " with 503");
            return storeUnavailable();
        }
    }

    /** Gives the key up because the response body exceeded {@code max-body-size}; logs a warning. */
    public void abandonOversized(Lease lease) {
        abandonOversized(lease, false);
    }

    /** As {@link #abandonOversized(Lease)}; with {@code strict}, a store failure is thrown. */
    public void abandonOversized(Lease lease, boolean strict) {
        Settings settings = lease.settings();
        LOG.warning(() -> "Idem did not record " + lease.id() + " on " + settings.target() + ": the response body exceeds "
                + settings.maxBodySize() + " bytes; the key is released");
        release(lease, null, strict);
    }

    /** Gives the key up without recording anything, so that a retry runs again. */
    public void abandon(Lease lease, String why) {
        release(lease, () -> why, false);
    }

    /** As {@link #abandon(Lease, String)}; with {@code strict}, a store failure is thrown. */
    public void abandon(Lease lease, String why, boolean strict) {
        release(lease, () -> why, strict);
    }

    private void release(Lease lease, java.util.function.Supplier<String> why, boolean strict) {
        if (why != null) {
            LOG.fine(() -> "Idem releases " + lease.id() + ": " + why.get());
        }
        try {
            store.release(lease.id(), lease.token());
        } catch (RuntimeException e) {
            if (strict) {
                throw e;
            }
            LOG.log(Level.WARNING, e, () -> "Idem could not release " + lease.id()
                    + "; it stays claimed until its lease expires (" + lease.settings().lease() + ")");
        }
    }

    private static Map<String, List<String>> replayable(Map<String, List<String>> headers, Settings settings) {
        Map<String, List<String>> kept = new LinkedHashMap<>();
        headers.forEach((name, values) -> {
            if (settings.replays(name) && !NEVER_STORED.contains(name.toLowerCase(Locale.ROOT)) && !values.isEmpty()) {
                kept.put(name, values);
            }
        });
        return kept;
    }

    /**
     * {@code instant} rounded up to the next multiple of {@link #EXPIRY_GRANULARITY_NANOS}. A
     * request that completes within the same tenth of a second as its claim then records the
     * expiry its claim already wrote, which lets PostgreSQL complete the row in place (a HOT
     * update: no new index entries). A record lives at most that much longer than its TTL.
     */
    private static Instant expiry(Instant instant) {
        long remainder = instant.getNano() % EXPIRY_GRANULARITY_NANOS;
        return remainder == 0 ? instant : instant.plusNanos(EXPIRY_GRANULARITY_NANOS - remainder);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static long randomToken() {
        long token;
        do {
            token = ThreadLocalRandom.current().nextLong();
        } while (token == 0);
        return token;
    }
}
