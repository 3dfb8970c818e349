package dev.idem.internal.cdi;

import dev.idem.internal.engine.IdempotencyEngine;
import dev.idem.internal.engine.Lease;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.RequestScoped;

/**
 * Remembers the lease a request holds (and, in same-transaction mode, its transaction), so that
 * a lease neither completed nor released when the request ends (an exception no mapper handled,
 * a failure while writing) is released then, and a retry runs again instead of waiting for the
 * lease to expire.
 */
@RequestScoped
public class LeaseTracker {
    private Lease held;
    private IdempotencyEngine engine;
    private RequestTransaction transaction;

    public void hold(Lease lease, IdempotencyEngine engine, RequestTransaction transaction) {
        this.held = lease;
        this.engine = engine;
        this.transaction = transaction;
    }

    /** The lease is completed or released; nothing is left to do at the end of the request. */
    public void settled(Lease lease) {
        if (held == lease) {
            held = null;
            transaction = null;
        }
    }

    /**
     * The resource method threw: in same-transaction mode the request's transaction, claim and
     * business work included, must roll back, whatever response an exception mapper makes of it.
     */
    public void failed() {
        if (transaction != null) {
            transaction.markFailed();
        }
    }

    @PreDestroy
    void releaseUnsettled() {
        Lease lease = held;
        if (lease == null) {
            return;
        }
        held = null;
        if (transaction != null) {
            transaction.rollback();
        } else {
            engine.abandon(lease, "the request ended without a response Idem could record");
        }
    }
}
