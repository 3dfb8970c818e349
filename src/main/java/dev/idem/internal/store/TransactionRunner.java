package dev.idem.internal.store;

import jakarta.persistence.EntityManager;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs a unit of work in a transaction of its own, so that the store needs to know nothing about
 * how transactions are demarcated: resource-local in Java SE ({@link ResourceLocalTransactionRunner}),
 * JTA {@code REQUIRES_NEW} in a Jakarta EE container ({@link JtaTransactionRunner}).
 */
@FunctionalInterface
public interface TransactionRunner {

    /**
     * Runs {@code work} with an entity manager joined to a new transaction, commits and returns
     * its result. If {@code work} or the commit throws, the transaction is rolled back and the
     * exception propagates.
     */
    <T> T inTransaction(Function<EntityManager, T> work);

    /**
     * Runs {@code work} with no transaction associated with the thread, the caller's suspended
     * meanwhile (JTA's {@code NOT_SUPPORTED}), and returns its result: connections it obtains
     * from a pool are then not enlisted in the caller's transaction. Without JTA, as here, there
     * is nothing to suspend.
     */
    default <T> T outsideTransaction(Supplier<T> work) {
        return work.get();
    }
}
