package dev.idem.internal.jaxrs;

import dev.idem.internal.cdi.IdemRuntime;
import dev.idem.internal.engine.Lease;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.File;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Path;
import java.util.logging.Logger;

/**
 * Settles a leased request once the resource method has answered: a 5xx releases the key, a
 * response without a body is recorded at once, a streamed body is released, and any other body
 * is handed to {@link ResponseRecorder} to be recorded as it is written.
 */
final class IdempotencyResponseFilter implements ContainerResponseFilter {
    private static final Logger LOG = Logger.getLogger("dev.idem");

    private final RuntimeHandle runtime = new RuntimeHandle();

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (!(request.getProperty(Attributes.LEASE) instanceof Lease lease)) {
            return;
        }
        request.removeProperty(Attributes.LEASE);
        IdemRuntime idem = runtime.get();
        int status = response.getStatus();
        if (status >= 500 && !lease.settings().storeServerErrors()) {
            idem.engine().abandon(lease, "the operation answered " + status);
        } else if (!response.hasEntity()) {
            idem.engine().finish(lease, status, response.getStringHeaders(), new byte[0], 0);
        } else if (isStreamed(response.getEntity())) {
            LOG.warning(() -> "Idem did not record " + lease.id() + " on " + lease.settings().target()
                    + ": its body is streamed (" + response.getEntity().getClass().getName() + "); the key is released");
            idem.engine().abandon(lease, "streamed body");
        } else {
            request.setProperty(Attributes.CAPTURE, new Attributes.Capture(lease, status));
            return; // the recorder settles the lease
        }
        idem.tracker().settled(lease);
    }

    private static boolean isStreamed(Object entity) {
        return entity instanceof StreamingOutput || entity instanceof InputStream || entity instanceof Reader
                || entity instanceof File || entity instanceof Path;
    }
}
