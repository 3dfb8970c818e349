package dev.idem.internal.engine;

/** What a request does when the same key is still being executed by another. */
public enum InFlightMode {
    /** Answer 409 with {@code Retry-After}. */
    REJECT,
    /** Wait for the first execution, bounded by {@code in-flight.max-wait}, then replay it. */
    WAIT
}
