package dev.idem.internal.jaxrs;

import dev.idem.internal.cdi.RequestTransaction;
import dev.idem.internal.engine.IdempotencyEngine;
import dev.idem.internal.engine.Lease;

/** Request properties the three Idem providers share for one request. */
final class Attributes {
    /** The {@link Held} lease of this request; set by the request filter when the operation may run. */
    static final String LEASE = "dev.idem.lease";
    /** The {@link Capture} the writer interceptor records; set by the response filter. */
    static final String CAPTURE = "dev.idem.capture";
    /** The logging context ({@code LoggingContext.Saved}) of this request, put back while the body is written. */
    static final String LOGGING = "dev.idem.logging";

    private Attributes() {
    }

    /**
     * A lease, the engine it belongs to, and in same-transaction mode the request's open
     * transaction ({@code null} in separate mode).
     */
    record Held(Lease lease, IdempotencyEngine engine, RequestTransaction transaction) {
        boolean inTransaction() {
            return transaction != null;
        }
    }

    /** A response whose body is to be recorded as it is written. */
    record Capture(Held held, int status) {
    }
}
