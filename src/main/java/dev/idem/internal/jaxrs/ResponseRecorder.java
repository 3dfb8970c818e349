package dev.idem.internal.jaxrs;

import dev.idem.internal.cdi.IdemRuntime;
import dev.idem.internal.engine.Lease;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.WriterInterceptor;
import jakarta.ws.rs.ext.WriterInterceptorContext;
import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Records the exact bytes of a leased response. The body is buffered (up to {@code max-body-size})
 * and recorded before the first byte is sent, so a client that has the response can always get
 * it replayed. A body over the limit is passed through unrecorded and the key released.
 */
final class ResponseRecorder implements WriterInterceptor {
    private final RuntimeHandle runtime = new RuntimeHandle();

    @Override
    public void aroundWriteTo(WriterInterceptorContext context) throws IOException {
        if (!(context.getProperty(Attributes.CAPTURE) instanceof Attributes.Capture capture)) {
            context.proceed();
            return;
        }
        context.removeProperty(Attributes.CAPTURE);
        Lease lease = capture.lease();
        IdemRuntime idem = runtime.get();
        OutputStream original = context.getOutputStream();
        CaptureBuffer buffer = new CaptureBuffer(original, lease.settings().maxBodySize());
        context.setOutputStream(buffer);
        try {
            context.proceed();
        } catch (IOException | RuntimeException e) {
            idem.engine().abandon(lease, "writing the response failed");
            idem.tracker().settled(lease);
            throw e;
        } finally {
            context.setOutputStream(original);
        }
        if (buffer.overflowed()) {
            idem.engine().abandonOversized(lease);
        } else {
            idem.engine().finish(lease, capture.status(), headers(context), buffer.bytes(), buffer.size());
            buffer.writeTo(original);
        }
        idem.tracker().settled(lease);
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
