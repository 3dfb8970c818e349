package dev.idem;

/** The same key is still being executed by another invocation (the 409 of HTTP). Retry later. */
public class IdempotencyInFlightException extends IdempotencyException {
    private static final long serialVersionUID = 1L;

    private final long retryAfterSeconds;

    public IdempotencyInFlightException(String message, long retryAfterSeconds) {
        super(message);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** Seconds until the running invocation's lease ends, at least 1. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
