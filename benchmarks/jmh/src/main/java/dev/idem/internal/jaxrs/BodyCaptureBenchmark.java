package dev.idem.internal.jaxrs;

import dev.idem.internal.engine.RequestView;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.UriInfo;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Body capture: the request body read into Idem's bounded buffer and handed back to the resource
 * ({@link JaxRsRequest#body}), and the response body held by {@link CaptureBuffer} while it is
 * written in 8 KiB chunks, as a message body writer does. Limit: the default 1 MiB.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class BodyCaptureBenchmark {
    private static final long LIMIT = 1_048_576;
    private static final int CHUNK = 8192;

    @Param({"64", "65536"})
    int bodySize;

    private byte[] body;
    private final RequestContext request = new RequestContext();
    private JaxRsRequest view;

    @Setup
    public void prepare() {
        body = new byte[bodySize];
        Arrays.fill(body, (byte) 'x');
        view = new JaxRsRequest(request.proxy());
    }

    @Benchmark
    public RequestView.Body requestBody() {
        request.reset(body);
        return view.body(LIMIT);
    }

    @Benchmark
    public byte[] responseBody() throws IOException {
        CaptureBuffer buffer = new CaptureBuffer(OutputStream.nullOutputStream(), LIMIT, () -> { });
        for (int offset = 0; offset < body.length; offset += CHUNK) {
            buffer.write(body, offset, Math.min(CHUNK, body.length - offset));
        }
        return buffer.bytes();
    }

    /** The few parts of a JAX-RS request context that reading the body touches. */
    static final class RequestContext {
        private InputStream entity;
        private String contentLength;

        void reset(byte[] bytes) {
            entity = new ByteArrayInputStream(bytes);
            contentLength = Integer.toString(bytes.length);
        }

        ContainerRequestContext proxy() {
            URI uri = URI.create("http://localhost/orders?currency=EUR");
            UriInfo uriInfo = (UriInfo) Proxy.newProxyInstance(UriInfo.class.getClassLoader(), new Class<?>[] {UriInfo.class},
                    (p, method, args) -> switch (method.getName()) {
                        case "getRequestUri" -> uri;
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
            return (ContainerRequestContext) Proxy.newProxyInstance(ContainerRequestContext.class.getClassLoader(),
                    new Class<?>[] {ContainerRequestContext.class},
                    (p, method, args) -> switch (method.getName()) {
                        case "getUriInfo" -> uriInfo;
                        case "getHeaderString" -> "Content-Length".equalsIgnoreCase((String) args[0]) ? contentLength : null;
                        case "hasEntity" -> true;
                        case "getEntityStream" -> entity;
                        case "setEntityStream" -> {
                            entity = (InputStream) args[0];
                            yield null;
                        }
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
        }
    }
}
