package dev.idem.internal.jaxrs;

import dev.idem.internal.engine.Lease;

/** Request properties the three Idem providers share for one request. */
final class Attributes {
    /** The {@link Lease} this request holds; set by the request filter when the operation may run. */
    static final String LEASE = "dev.idem.lease";
    /** The {@link Capture} the writer interceptor records; set by the response filter. */
    static final String CAPTURE = "dev.idem.capture";

    private Attributes() {
    }

    /** A response whose body is to be recorded as it is written. */
    record Capture(Lease lease, int status) {
    }
}
