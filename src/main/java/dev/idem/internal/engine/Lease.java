package dev.idem.internal.engine;

import dev.idem.spi.RecordId;

/**
 * A request's ownership of a key: the record it claimed and the fencing token that completion
 * and release must present.
 */
public record Lease(RecordId id, long token, Settings settings) {
}
