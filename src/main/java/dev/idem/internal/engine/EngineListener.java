package dev.idem.internal.engine;

import dev.idem.spi.RecordId;

/**
 * Told by the engine what it does, for telemetry: which record a request is about and what was
 * decided. Called on the request's own thread; must be fast and must not throw.
 */
public interface EngineListener {

    /** Does nothing: an application without telemetry. */
    EngineListener NONE = new EngineListener() {
    };

    /** The key is valid and the record's identity known; the decision follows. */
    default void identified(RecordId id) {
    }

    /** The decision for an operation, {@code target} being {@code <fqcn>/<method>}. */
    default void decided(String target, Outcome outcome) {
    }
}
