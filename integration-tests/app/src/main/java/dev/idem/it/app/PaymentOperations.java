package dev.idem.it.app;

import dev.idem.IdempotencyKey;
import jakarta.inject.Inject;

/**
 * A base class that knows nothing of Idem's settings: its subclass {@link SameTransactionPayments}
 * is the bean, and its class-level {@code @Idempotent} covers the methods inherited from here.
 */
public abstract class PaymentOperations {

    @Inject
    Ledger ledger;

    public Receipt refund(@IdempotencyKey String key, Payment payment) {
        ledger.recordExecution("pay-refund", payment.getRef());
        ledger.placeOrder(payment.getRef(), null);
        return Receipt.issue(payment.getRef(), -payment.getAmount());
    }
}
