package dev.idem;

/**
 * Base of the exceptions an {@link Idempotent} CDI bean method throws instead of running. The
 * business exceptions of the method itself are always rethrown unchanged, never wrapped.
 */
public abstract class IdempotencyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    protected IdempotencyException(String message) {
        super(message);
    }

    protected IdempotencyException(String message, Throwable cause) {
        super(message, cause);
    }
}
