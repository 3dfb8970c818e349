package dev.idem.it.app;

import dev.idem.IdempotencyKey;
import dev.idem.Idempotent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A CDI bean, not a resource: {@code @Idempotent} methods keyed by an {@link IdempotencyKey}
 * parameter. Every method records each run in the ledger's own transaction (endpoint
 * {@code pay-<method>}), so the tests can tell a run from a replay.
 */
@ApplicationScoped
public class PaymentService {

    private final Map<String, RuntimeException> thrown = new ConcurrentHashMap<>();

    @Inject
    Ledger ledger;

    @Idempotent
    public Receipt charge(@IdempotencyKey String key, Payment payment) {
        ledger.recordExecution("pay-charge", payment.getRef());
        return Receipt.issue(payment.getRef(), payment.getAmount());
    }

    /** One run for the whole list, recorded under the first payment's ref. */
    @Idempotent
    public List<Receipt> chargeAll(@IdempotencyKey String key, List<Payment> payments) {
        ledger.recordExecution("pay-charge-all", payments.isEmpty() ? "" : payments.get(0).getRef());
        List<Receipt> receipts = new ArrayList<>();
        for (Payment payment : payments) {
            receipts.add(Receipt.issue(payment.getRef(), payment.getAmount()));
        }
        return receipts;
    }

    @Idempotent
    public Optional<Receipt> lookup(@IdempotencyKey String key, String ref, boolean present) {
        ledger.recordExecution("pay-lookup", ref);
        return present ? Optional.of(Receipt.issue(ref, 0)) : Optional.empty();
    }

    @Idempotent
    public void notifyCustomer(@IdempotencyKey String key, String ref) {
        ledger.recordExecution("pay-notify", ref);
    }

    /** Always declines: a recorded outcome, thrown again on replay without running. */
    @Idempotent(recordExceptions = PaymentDeclinedException.class)
    public Receipt decline(@IdempotencyKey String key, String ref) {
        ledger.recordExecution("pay-decline", ref);
        throw new PaymentDeclinedException("card declined for " + ref + ", decision " + UUID.randomUUID());
    }

    /**
     * Like {@link #decline}, with {@code PaymentDeclinedException} recorded through configuration
     * alone: {@code idem."dev.idem.it.app.PaymentService/declineConfigured".record-exceptions}.
     */
    @Idempotent
    public Receipt declineConfigured(@IdempotencyKey String key, String ref) {
        ledger.recordExecution("pay-decline-configured", ref);
        throw new PaymentDeclinedException("card declined for " + ref + ", decision " + UUID.randomUUID());
    }

    /** Throws an unrecorded exception on the first run for the ref, succeeds later. */
    @Idempotent
    public Receipt flaky(@IdempotencyKey String key, String ref) {
        ledger.recordExecution("pay-flaky", ref);
        if (ledger.countExecutions("pay-flaky", ref) == 1) {
            IllegalStateException failure = new IllegalStateException("flaky failure for " + ref);
            thrown.put(ref, failure);
            throw failure;
        }
        return Receipt.issue(ref, 0);
    }

    /** The exception {@link #flaky} threw for this ref, to check that the caller got that very instance. */
    public RuntimeException thrownBy(String ref) {
        return thrown.get(ref);
    }

    /** Sleeps {@code ms} after recording its run, to keep the key in flight. */
    @Idempotent
    public Receipt slowCharge(@IdempotencyKey String key, String ref, long ms) {
        ledger.recordExecution("pay-slow", ref);
        Orders.pause(ms);
        return Receipt.issue(ref, 0);
    }

    @Idempotent
    public Receipt chargeWithUuid(@IdempotencyKey UUID key, Payment payment) {
        ledger.recordExecution("pay-uuid", payment.getRef());
        return Receipt.issue(payment.getRef(), payment.getAmount());
    }

    /**
     * Same-transaction mode in the transaction this method opens: the order row and Idem's record
     * commit or roll back together; {@code failAfterInsert} throws once the row is written.
     */
    @Transactional
    @Idempotent(transaction = "same")
    public Receipt chargeInTransaction(@IdempotencyKey String key, Payment payment, boolean failAfterInsert) {
        ledger.recordExecution("pay-tx", payment.getRef());
        PlacedOrder order = ledger.placeOrder(payment.getRef(), null);
        if (failAfterInsert) {
            throw new IllegalStateException("deliberate failure after placing order " + order.getId());
        }
        return Receipt.issue(payment.getRef(), payment.getAmount());
    }

    /**
     * Same-transaction mode in the caller's transaction ({@link CheckoutService#checkout}); not
     * {@code @Transactional} itself: the order row and Idem's record commit or roll back with the caller.
     */
    @Idempotent(transaction = "same")
    public Receipt chargeJoined(@IdempotencyKey String key, Payment payment) {
        ledger.recordExecution("pay-joined", payment.getRef());
        ledger.placeOrder(payment.getRef(), null);
        return Receipt.issue(payment.getRef(), payment.getAmount());
    }

    /** Same-transaction mode without any transaction to join: refused before it runs. */
    @Idempotent(transaction = "same")
    public Receipt chargeOutsideTransaction(@IdempotencyKey String key, Payment payment) {
        ledger.recordExecution("pay-no-tx", payment.getRef());
        ledger.placeOrder(payment.getRef(), null);
        return Receipt.issue(payment.getRef(), payment.getAmount());
    }
}
