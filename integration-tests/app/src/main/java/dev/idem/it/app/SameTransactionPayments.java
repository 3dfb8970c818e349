package dev.idem.it.app;

import dev.idem.Idempotent;
import jakarta.enterprise.context.ApplicationScoped;

/** Class-level same-transaction mode over methods declared by a superclass ({@link PaymentOperations#refund}). */
@ApplicationScoped
@Idempotent(transaction = "same")
public class SameTransactionPayments extends PaymentOperations {
}
