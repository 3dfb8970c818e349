package dev.idem.internal.jaxrs;

import dev.idem.internal.engine.RequestView;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.security.Principal;
import java.util.Arrays;
import java.util.List;

/** A JAX-RS request as the engine sees it. Reading the body puts a replayable copy back. */
final class JaxRsRequest implements RequestView {
    private static final int FIRST_CHUNK = 8192;

    private final ContainerRequestContext context;
    private final URI uri;

    JaxRsRequest(ContainerRequestContext context) {
        this.context = context;
        this.uri = context.getUriInfo().getRequestUri();
    }

    @Override
    public String method() {
        return context.getMethod();
    }

    @Override
    public String path() {
        return uri.getRawPath();
    }

    @Override
    public String query() {
        return uri.getRawQuery();
    }

    @Override
    public List<String> header(String name) {
        return context.getHeaders().get(name);
    }

    @Override
    public String principal() {
        Principal principal = context.getSecurityContext() == null ? null : context.getSecurityContext().getUserPrincipal();
        return principal == null ? null : principal.getName();
    }

    @Override
    public Body body(long limit) {
        long declared = declaredLength();
        if (declared > limit) {
            return null;
        }
        if (declared == 0 || !context.hasEntity()) {
            return new Body(new byte[0], 0);
        }
        try {
            InputStream in = context.getEntityStream();
            int capacity = (int) Math.min(declared > 0 ? declared + 1 : FIRST_CHUNK, limit + 1);
            byte[] buffer = new byte[Math.max(capacity, 1)];
            int length = 0;
            while (true) {
                if (length == buffer.length) {
                    if (length > limit) {
                        return null;
                    }
                    buffer = Arrays.copyOf(buffer, (int) Math.min((long) buffer.length * 2, limit + 1));
                }
                int read = in.read(buffer, length, buffer.length - length);
                if (read < 0) {
                    break;
                }
                length += read;
            }
            if (length > limit) {
                return null;
            }
            context.setEntityStream(new ByteArrayInputStream(buffer, 0, length));
            return new Body(buffer, length);
        } catch (IOException e) {
            throw new BadRequestException("could not read the request body", e);
        }
    }

    private long declaredLength() {
        String value = context.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (value == null) {
            return -1;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
