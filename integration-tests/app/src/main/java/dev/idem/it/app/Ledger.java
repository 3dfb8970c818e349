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
