package dev.idem;

/** The store could not be reached and the failure mode is fail-closed (the 503 of HTTP); nothing ran. */
public class IdempotencyStoreUnavailableException extends IdempotencyException {
    private static final long serialVersionUID = 1L;

    public IdempotencyStoreUnavailableException(String message) {
        super(message);
    }
}
