package dev.idem;

/** The key is missing (and required) or breaks the key rules (the 400 of HTTP); nothing ran. */
public class IdempotencyKeyInvalidException extends IdempotencyException {
    private static final long serialVersionUID = 1L;

    public IdempotencyKeyInvalidException(String message) {
        super(message);
    }
}
