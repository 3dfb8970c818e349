package dev.idem.internal.engine;

/** The verdict on the idempotency key header of one request. */
public sealed interface KeyCheck {

    /** No key header at all. */
    record Missing() implements KeyCheck {
    }

    /** A key header that cannot be used; {@code reason} never repeats the offending value. */
    record Malformed(String reason) implements KeyCheck {
    }

    /** A usable key, unquoted. */
    record Valid(String key) implements KeyCheck {
    }
}
