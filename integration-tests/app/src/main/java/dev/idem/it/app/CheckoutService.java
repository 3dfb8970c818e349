package dev.idem.it.app;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/** The caller whose JTA transaction {@link PaymentService#chargeJoined} joins, and inside whose transaction {@link PaymentService#charge} runs. */
@ApplicationScoped
public class CheckoutService {

    @Inject
    PaymentService payments;

    /**
     * Charges, then keeps the transaction open for {@code ms}, then fails when asked: the charge's
     * order row and Idem's record commit or roll back with this transaction.
     */
    @Transactional
    public Receipt checkout(String key, Payment payment, long ms, boolean failAfterCharge) {
        Receipt receipt = payments.chargeJoined(key, payment);
        Orders.pause(ms);
        if (failAfterCharge) {
            throw new IllegalStateException("checkout failed after charge " + receipt.getExecution());
        }
        return receipt;
    }

    /**
     * Charges in separate mode from inside this transaction, then fails when asked: the charge's
     * record is Idem's own, committed whatever this transaction does.
     */
    @Transactional
    public Receipt checkoutSeparately(String key, Payment payment, boolean failAfterCharge) {
        Receipt receipt = payments.charge(key, payment);
        if (failAfterCharge) {
            throw new IllegalStateException("checkout failed after charge " + receipt.getExecution());
        }
        return receipt;
    }
}
