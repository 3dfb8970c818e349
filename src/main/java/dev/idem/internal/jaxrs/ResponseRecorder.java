package dev.idem.internal.jaxrs;

import dev.idem.internal.cdi.IdemRuntime;
import dev.idem.internal.engine.KeyTakenException;
import dev.idem.internal.engine.Lease;
import dev.idem.internal.telemetry.LoggingContext;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.WriterInterceptor;
import jakarta.ws.rs.ext.WriterInterceptorContext;
import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Records the exact bytes of a leased response. The body is buffered (up to {@code max-body-size})
 * and recorded before the first byte is sent, so a client that has the response can always get
 * it replayed; in same-transaction mode the request's transaction commits then, with the
 * business work. A body over the limit is passed through unrecorded and the key released.
 */
final class ResponseRecorder implements WriterInterceptor {
    private static final Logger LOG = Logger.getLogger("dev.idem");

    private final RuntimeHandle runtime = new RuntimeHandle();

    @Override
    public void aroundWriteTo(WriterInterceptorContext context) throws IOException {
        if (!(context.getProperty(Attributes.LOGGING) instanceof LoggingContext.Saved logging)) {
            write(context);
            return;
        }
        logging.restore(); // the body is written after the response filter cleared the context
        try {
            write(context);
        } finally {
            LoggingContext.clear();
        }
    }

    private void write(WriterInterceptorContext context) throws IOException {
        if (!(context.getProperty(Attributes.CAPTURE) instanceof Attributes.Capture capture)) {
            context.proceed();
            return;
        }
        context.removeProperty(Attributes.CAPTURE);
        Attributes.Held held = capture.held();
        Lease lease = held.lease();
        IdemRuntime idem = runtime.get();
        OutputStream original = context.getOutputStream();
        CaptureBuffer buffer = new CaptureBuffer(original, lease.settings().maxBodySize(), () -> giveUp(held));
        context.setOutputStream(buffer);
        try {
            context.proceed();
        } catch (IOException | RuntimeException e) {
            if (held.inTransaction()) {
                held.transaction().rollback();
            } else {
                held.engine().abandon(lease, "writing the response failed");
            }
            idem.tracker().settled(lease);
            throw e;
        } finally {
            context.setOutputStream(original);
        }
        if (!buffer.overflowed()) {
            record(idem, held, capture.status(), context, buffer);
            buffer.writeTo(original);
        }
        idem.tracker().settled(lease);
    }

    private static void record(IdemRuntime idem, Attributes.Held held, int status, WriterInterceptorContext context,
                               CaptureBuffer buffer) {
        if (!held.inTransaction()) {
            held.engine().finish(held.lease(), status, headers(context), buffer.bytes(), buffer.size());
            return;
        }
        try {
            held.engine().finishInTransaction(held.lease(), status, headers(context), buffer.bytes(), buffer.size());
            held.transaction().commit();
        } catch (KeyTakenException e) {
            throw new WebApplicationException(e, rolledBackAsDuplicate(idem, held, e));
        } catch (RuntimeException e) {
            held.transaction().rollback();
            LOG.log(Level.WARNING, e, () -> "Idem rolled back " + held.lease().id() + ": its outcome could not be committed");
            throw new WebApplicationException(e, Responses.problem(Responses.notCommitted()));
        }
    }

    /**
     * Same-transaction mode, another request took the key first: rolls this one's transaction
     * back, its work included, and returns what it answers instead, as a duplicate would.
     */
    static Response rolledBackAsDuplicate(IdemRuntime idem, Attributes.Held held, KeyTakenException taken) {
        held.transaction().rollback();
        LOG.log(Level.FINE, taken, () -> "Idem rolled back " + held.lease().id() + ": another request took its key");
        return Responses.of(idem.engine().afterKeyTaken(held.lease()));
    }

    /** The body outgrew the limit: release the key (and commit the work, in same-transaction mode) before it streams on. */
    private static void giveUp(Attributes.Held held) {
        held.engine().abandonOversized(held.lease(), held.inTransaction());
        if (held.inTransaction()) {
            held.transaction().commit();
        }
    }

    private static Map<String, List<String>> headers(WriterInterceptorContext context) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        context.getHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase(HttpHeaders.CONTENT_TYPE)) {
                headers.put(name, values.stream().map(String::valueOf).toList());
            }
        });
        MediaType type = context.getMediaType();
        if (type != null) {
            headers.put(HttpHeaders.CONTENT_TYPE, List.of(type.toString()));
        }
        return headers;
    }
}
