package dev.idem.it.app;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.LocalDateTime;

/** Writes the rows the tests count. */
@ApplicationScoped
public class Ledger {

    @PersistenceContext
    private EntityManager em;

    /** Records one run of {@code endpoint}; commits at once, whatever the request does next. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void recordExecution(String endpoint, String ref) {
        Execution execution = new Execution();
        execution.setEndpoint(endpoint);
        execution.setRef(ref);
        execution.setCreatedAt(LocalDateTime.now());
        em.persist(execution);
    }

    /**
     * How many runs of {@code endpoint} for {@code ref} are recorded, read in a transaction of its
     * own: a run recorded just before by the caller counts, whatever the caller's transaction does.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public long countExecutions(String endpoint, String ref) {
        return em.createQuery("SELECT count(e) FROM Execution e WHERE e.endpoint = :endpoint AND e.ref = :ref", Long.class)
                .setParameter("endpoint", endpoint)
                .setParameter("ref", ref)
                .getSingleResult();
    }

    /**
     * Fails inside the caller's transaction: the {@code @Transactional} interceptor marks it
     * rollback-only, so its commit will fail even when the caller catches this exception.
     */
    @Transactional
    public void failInCallersTransaction(String reason) {
        throw new IllegalStateException(reason);
    }

    /** Places an order in the caller's transaction, or in a new one when there is none. */
    @Transactional
    public PlacedOrder placeOrder(String ref, String payload) {
        PlacedOrder order = new PlacedOrder();
        order.setRef(ref);
        order.setPayload(payload);
        order.setCreatedAt(LocalDateTime.now());
        em.persist(order);
        em.flush();
        return order;
    }

    @Transactional
    public PlacedOrder findOrder(long id) {
        return em.find(PlacedOrder.class, id);
    }
}
