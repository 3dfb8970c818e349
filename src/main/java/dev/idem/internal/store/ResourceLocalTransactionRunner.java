package dev.idem.internal.store;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EntityTransaction;
import java.util.Objects;
import java.util.function.Function;

/**
 * A {@link TransactionRunner} for Java SE: a fresh entity manager and a resource-local
 * transaction per unit of work, from a {@code RESOURCE_LOCAL} persistence unit.
 */
public final class ResourceLocalTransactionRunner implements TransactionRunner {
    private final EntityManagerFactory entityManagerFactory;

    public ResourceLocalTransactionRunner(EntityManagerFactory entityManagerFactory) {
        this.entityManagerFactory = Objects.requireNonNull(entityManagerFactory, "entityManagerFactory");
    }

    @Override
    public <T> T inTransaction(Function<EntityManager, T> work) {
        EntityManager em = entityManagerFactory.createEntityManager();
        try {
            EntityTransaction transaction = em.getTransaction();
            transaction.begin();
            try {
                T result = work.apply(em);
                transaction.commit();
                return result;
            } catch (RuntimeException | Error e) {
                rollbackQuietly(transaction, e);
                throw e;
            }
        } finally {
            em.close();
        }
    }

    private static void rollbackQuietly(EntityTransaction transaction, Throwable failure) {
        try {
            if (transaction.isActive()) {
                transaction.rollback();
            }
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }
}
