package dev.idem.internal.engine;

import dev.idem.spi.RecordId;

/**
 * A request's ownership of a key: the record it claimed, the fencing token that completion
 * and release must present, and the fingerprint the claim was written with.
 */
public record Lease(RecordId id, long token, Settings settings, String fingerprint) {
}
