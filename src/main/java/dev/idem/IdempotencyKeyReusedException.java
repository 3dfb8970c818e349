package dev.idem;

/** The key was already used with different arguments (the 422 of HTTP); nothing ran. */
public class IdempotencyKeyReusedException extends IdempotencyException {
    private static final long serialVersionUID = 1L;

    public IdempotencyKeyReusedException(String message) {
        super(message);
    }
}
