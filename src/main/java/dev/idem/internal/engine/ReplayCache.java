package dev.idem.internal.engine;

import dev.idem.spi.IdempotencyRecord;
import dev.idem.spi.RecordId;
import dev.idem.spi.RecordState;
import dev.idem.spi.StoredResponse;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finished records kept in memory so that replays need not touch the store: a finished record
 * cannot change until it expires, so a copy read from the store stays true until then.
 *
 * <p>Bounded by entries and by bytes (least recently used first out). Keyed by the whole record
 * id (scope and key). Holds only {@code DONE} records that the store returned; an entry is never
 * served at or after its expiry (it is dropped then). The caller checks the fingerprint exactly as
 * for a record read from the store. Per JVM: a record deleted elsewhere stays here until it
 * expires, is evicted, or {@link #forget(RecordId) forgotten}.
 *
 * <p>Thread-safe.
 */
public final class ReplayCache {
    /** Counted per entry besides body and header characters: ids, fingerprint, map and object overhead. */
    static final int ENTRY_OVERHEAD = 256;

    /** A cache that holds nothing. */
    public static final ReplayCache DISABLED = new ReplayCache(0, 0);

    private final int maxEntries;
    private final long maxBytes;
    private final LinkedHashMap<RecordId, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
    private long bytes;

    /**
     * @param maxEntries most records held; 0 disables the cache
     * @param maxBytes   most bytes held (bodies, headers and a fixed overhead per entry); 0 disables the cache
     */
    public ReplayCache(int maxEntries, long maxBytes) {
        if (maxEntries < 0 || maxBytes < 0) {
            throw new IllegalArgumentException("bounds must not be negative");
        }
        this.maxEntries = maxEntries;
        this.maxBytes = maxBytes;
    }

    public boolean enabled() {
        return maxEntries > 0 && maxBytes > 0;
    }

    /** A finished record as the store returned it, kept until {@code expiresAt}. */
    record Entry(String fingerprint, StoredResponse response, Instant expiresAt, long weight) {
    }

    /** The live entry for {@code id} at {@code now}, or {@code null}; an expired entry is dropped. */
    Entry get(RecordId id, Instant now) {
        if (!enabled()) {
            return null;
        }
        synchronized (entries) {
            Entry entry = entries.get(id);
            if (entry == null) {
                return null;
            }
            if (!entry.expiresAt().isAfter(now)) {
                remove(id);
                return null;
            }
            return entry;
        }
    }

    /** Keeps a finished, unexpired record; anything else (in flight, expired, too big) is ignored. */
    void put(IdempotencyRecord record, Instant now) {
        if (!enabled() || record.state() != RecordState.DONE || record.response() == null || record.isExpired(now)) {
            return;
        }
        long weight = weigh(record);
        if (weight > maxBytes) {
            return;
        }
        synchronized (entries) {
            remove(record.id());
            entries.put(record.id(), new Entry(record.fingerprint(), record.response(), record.expiresAt(), weight));
            bytes += weight;
            Iterator<Map.Entry<RecordId, Entry>> eldest = entries.entrySet().iterator();
            while ((entries.size() > maxEntries || bytes > maxBytes) && eldest.hasNext()) {
                bytes -= eldest.next().getValue().weight();
                eldest.remove();
            }
        }
    }

    /** Drops the entry for {@code id}, if any (the record was deleted or must no longer be replayed). */
    public void forget(RecordId id) {
        if (!enabled()) {
            return;
        }
        synchronized (entries) {
            remove(id);
        }
    }

    /** Number of entries held. */
    public int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

    /** Bytes held, as counted against the byte bound. */
    public long bytes() {
        synchronized (entries) {
            return bytes;
        }
    }

    private void remove(RecordId id) {
        Entry removed = entries.remove(id);
        if (removed != null) {
            bytes -= removed.weight();
        }
    }

    static long weigh(IdempotencyRecord record) {
        long weight = ENTRY_OVERHEAD + record.response().body().length
                + 2L * (record.id().scope().length() + record.id().key().length() + record.fingerprint().length());
        for (Map.Entry<String, List<String>> header : record.response().headers().entrySet()) {
            weight += 2L * header.getKey().length();
            for (String value : header.getValue()) {
                weight += 2L * value.length() + 16;
            }
        }
        return weight;
    }
}
