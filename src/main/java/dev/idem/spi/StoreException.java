package dev.idem.spi;

/** The store could not be reached or failed; the cause is kept. */
public class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
