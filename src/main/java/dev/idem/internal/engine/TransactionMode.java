package dev.idem.internal.engine;

/** Which transaction the record lives in. */
public enum TransactionMode {
    /** Claim and completion in transactions of their own; protects side effects outside the database too. */
    SEPARATE,
    /** Claim, business work and recorded outcome in one JTA transaction: they commit or roll back together. */
    SAME
}
