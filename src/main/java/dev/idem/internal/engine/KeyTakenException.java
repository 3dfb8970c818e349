package dev.idem.internal.engine;

import dev.idem.spi.RecordId;

/**
 * Same-transaction mode could not record an outcome because another request holds or recorded
 * the key (see {@link IdempotencyEngine#record}): the caller's transaction, its work included,
 * must roll back, and the request answers as a duplicate ({@link IdempotencyEngine#afterKeyTaken}).
 */
public final class KeyTakenException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    KeyTakenException(RecordId id) {
        super("Idem could not record " + id + ": another request holds or recorded its key; this one's work is rolled back");
    }
}
