package dev.idem.internal.jaxrs;

import dev.idem.internal.cdi.IdemRuntime;
import dev.idem.internal.engine.KeyTakenException;
import dev.idem.internal.engine.Lease;
import dev.idem.internal.telemetry.LoggingContext;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.File;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Settles a leased request once the resource method has answered: a 5xx releases the key (in
 * same-transaction mode: rolls everything back), a response without a body is recorded at once,
 * a streamed body is released, and any other body is handed to {@link ResponseRecorder} to be
 * recorded as it is written.
 */
final class IdempotencyResponseFilter implements ContainerResponseFilter {
    private static final Logger LOG = Logger.getLogger("dev.idem");

    private final RuntimeHandle runtime = new RuntimeHandle();

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        try {
            settle(request, response);
        } finally {
            if (request.getProperty(Attributes.LOGGING) != null) {
                LoggingContext.clear(); // pooled threads: the next request must not inherit this key
            }
        }
    }

    private void settle(ContainerRequestContext request, ContainerResponseContext response) {
        if (!(request.getProperty(Attributes.LEASE) instanceof Attributes.Held held)) {
            return;
        }
        request.removeProperty(Attributes.LEASE);
        IdemRuntime idem = runtime.get();
        Lease lease = held.lease();
        try {
            if (held.inTransaction() && held.transaction().isFailed()) {
                held.transaction().rollback(); // the resource method threw: claim and work go together
                idem.tracker().settled(lease);
                return;
            }
            int status = response.getStatus();
            if (status >= 500 && !lease.settings().storeServerErrors()) {
                if (held.inTransaction()) {
                    held.transaction().rollback();
                } else {
                    held.engine().abandon(lease, "the operation answered " + status);
                }
            } else if (!response.hasEntity()) {
                recordEmpty(held, response, status);
            } else if (isStreamed(response.getEntity())) {
                LOG.warning(() -> "Idem did not record " + lease.id() + " on " + lease.settings().target()
                        + ": its body is streamed (" + response.getEntity().getClass().getName() + "); the key is released");
                held.engine().abandon(lease, "streamed body", held.inTransaction());
                commitIfInTransaction(held);
            } else {
                request.setProperty(Attributes.CAPTURE, new Attributes.Capture(held, status));
                return; // the recorder settles the lease
            }
        } catch (KeyTakenException e) {
            Responses.replace(response, ResponseRecorder.rolledBackAsDuplicate(idem, held, e));
        } catch (RuntimeException e) {
            failInTransaction(held, response, e);
        }
        idem.tracker().settled(lease);
    }

    private static void recordEmpty(Attributes.Held held, ContainerResponseContext response, int status) {
        if (held.inTransaction()) {
            held.engine().finishInTransaction(held.lease(), status, response.getStringHeaders(), new byte[0], 0);
            held.transaction().commit();
        } else {
            held.engine().finish(held.lease(), status, response.getStringHeaders(), new byte[0], 0);
        }
    }

    private static void commitIfInTransaction(Attributes.Held held) {
        if (held.inTransaction()) {
            held.transaction().commit();
        }
    }

    /** Same-transaction mode could not record or commit: nothing happened, so the client is told to retry. */
    private static void failInTransaction(Attributes.Held held, ContainerResponseContext response, RuntimeException e) {
        if (!held.inTransaction()) {
            throw e;
        }
        held.transaction().rollback();
        LOG.log(Level.WARNING, e, () -> "Idem rolled back " + held.lease().id() + ": its outcome could not be committed");
        Responses.replaceWithUnavailable(response);
    }

    private static boolean isStreamed(Object entity) {
        return entity instanceof StreamingOutput || entity instanceof InputStream || entity instanceof Reader
                || entity instanceof File || entity instanceof Path;
    }
}
