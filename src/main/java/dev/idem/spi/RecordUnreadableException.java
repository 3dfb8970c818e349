package dev.idem.spi;

/**
 * A stored record cannot be verified (an encrypted record was altered, or its key is unknown).
 * Such a record is never replayed, and the operation does not run again under its key.
 */
public class RecordUnreadableException extends StoreException {
    private static final long serialVersionUID = 1L;

    public RecordUnreadableException(String message, Throwable cause) {
        super(message, cause);
    }
}
