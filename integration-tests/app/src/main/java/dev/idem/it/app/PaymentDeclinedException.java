package dev.idem.it.app;

/**
 * A business outcome that {@link PaymentService#decline} declares in {@code recordExceptions}:
 * recorded like a return value and thrown again, same type and message, on every replay.
 */
public class PaymentDeclinedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PaymentDeclinedException(String message) {
        super(message);
    }
}
