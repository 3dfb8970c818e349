package dev.idem.internal.engine;

/** What a request does when the store cannot be reached. */
public enum FailureMode {
    /** Answer 503 with {@code Retry-After}; nothing runs. */
    FAIL_CLOSED,
    /** Run without idempotency and log a warning naming the key. */
    FAIL_OPEN
}
