package dev.idem;

/** The recorded outcome for this key cannot be verified (altered at rest); it is not replayed and nothing ran. */
public class IdempotencyRecordUnreadableException extends IdempotencyException {
    private static final long serialVersionUID = 1L;

    public IdempotencyRecordUnreadableException(String message) {
        super(message);
    }
}
