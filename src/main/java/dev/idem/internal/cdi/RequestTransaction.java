package dev.idem.internal.cdi;

import jakarta.transaction.Status;
import jakarta.transaction.SystemException;
import jakarta.transaction.UserTransaction;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The JTA transaction same-transaction mode opens for one JAX-RS request: begun before the
 * claim, joined by the resource's work, committed once the response is recorded, rolled back
 * on any failure. Commit and rollback happen at most once.
 */
public final class RequestTransaction {
    private static final Logger LOG = Logger.getLogger("dev.idem");

    private final UserTransaction transaction;
    private boolean open = true;
    private boolean failed;

    private RequestTransaction(UserTransaction transaction) {
        this.transaction = transaction;
    }

    public static RequestTransaction begin(UserTransaction transaction) {
        try {
            if (transaction.getStatus() != Status.STATUS_NO_TRANSACTION) {
                throw new IllegalStateException("Idem's same-transaction mode opens the request's transaction itself, "
                        + "but one is already active on this thread");
            }
            transaction.begin();
            return new RequestTransaction(transaction);
        } catch (jakarta.transaction.NotSupportedException | SystemException e) {
            throw new IllegalStateException("Idem could not begin the request's transaction", e);
        }
    }

    public boolean isOpen() {
        return open;
    }

    /**
     * The resource method threw inside the transaction. Nothing may commit; the rollback itself
     * waits for the response filter, outside the method's {@code @Transactional} scope, where JTA
     * allows it.
     */
    public void markFailed() {
        failed = true;
    }

    public boolean isFailed() {
        return failed;
    }

    /** Commits; a failure (the transaction rolled back instead) is thrown. */
    public void commit() {
        if (!open) {
            return;
        }
        open = false;
        try {
            transaction.commit();
        } catch (Exception e) {
            throw new IllegalStateException("Idem could not commit the request's transaction", e);
        }
    }

    /** Rolls back; never throws. */
    public void rollback() {
        if (!open) {
            return;
        }
        open = false;
        try {
            transaction.rollback();
        } catch (Exception e) {
            LOG.log(Level.WARNING, e, () -> "Idem could not roll back the request's transaction");
        }
    }
}
