package dev.idem.internal.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.function.Function;

/**
 * The {@link TransactionRunner} of same-transaction mode: the application's container-managed
 * entity manager in the JTA transaction the caller already has open ({@code MANDATORY}), so that
 * the record commits or rolls back with the business work.
 */
@ApplicationScoped
public class JoinedTransactionRunner implements TransactionRunner {

    // Package-private rather than private: some CDI containers (Quarkus ArC) need reflection for private members.
    @PersistenceContext
    EntityManager entityManager;

    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public <T> T inTransaction(Function<EntityManager, T> work) {
        return work.apply(entityManager);
    }

    /**
     * Marks the caller's transaction rollback-only, portably: the {@code @Transactional}
     * interceptor does so for a runtime exception leaving this method, which {@link #markRollbackOnly(JoinedTransactionRunner)} then swallows.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void rollbackOnlyByException() {
        throw new RollbackOnly();
    }

    /** Marks the caller's JTA transaction rollback-only; its commit will roll everything back. */
    public static void markRollbackOnly(JoinedTransactionRunner runner) {
        try {
            runner.rollbackOnlyByException();
        } catch (RollbackOnly expected) {
            // the transaction is now rollback-only
        }
    }

    /** The signal that makes the transaction rollback-only. */
    static final class RollbackOnly extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RollbackOnly() {
            super("rollback-only", null, false, false);
        }
    }
}
