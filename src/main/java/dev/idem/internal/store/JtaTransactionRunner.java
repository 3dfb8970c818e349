package dev.idem.internal.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The {@link TransactionRunner} of a Jakarta EE container: the application's container-managed
 * entity manager in a JTA transaction of its own ({@code REQUIRES_NEW}), so that a record is
 * committed or rolled back independently of any transaction the caller has open.
 *
 * <p>Works wherever CDI, JTA and a default persistence unit are available (Quarkus with
 * Hibernate ORM, Open Liberty with EclipseLink); nothing here is runtime-specific.
 */
@ApplicationScoped
public class JtaTransactionRunner implements TransactionRunner {

    // Package-private rather than private: some CDI containers (Quarkus ArC) need reflection for private members.
    @PersistenceContext
    EntityManager entityManager;

    @Override
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public <T> T inTransaction(Function<EntityManager, T> work) {
        return work.apply(entityManager);
    }

    @Override
    @Transactional(Transactional.TxType.NOT_SUPPORTED)
    public <T> T outsideTransaction(Supplier<T> work) {
        return work.get();
    }
}
