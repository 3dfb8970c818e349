package dev.idem.it.app;

import dev.idem.Idempotent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Answers carry what must stay secret: credential-bearing response headers that Idem must never
 * store or replay, and response bodies (the request body echoed, so a test can put a unique
 * marker in it) that Idem stores but must never write to a log, whichever of its warning paths
 * the request takes: an oversized response, a streamed one, a lease taken over by a retry.
 */
@Path("/secrets")
@ApplicationScoped
public class SecretsResource {

    /** Credential-bearing response headers set by {@link #credentials}; none may be stored or replayed. */
    public static final String[] CREDENTIAL_HEADERS = {
        "Set-Cookie", "Set-Cookie2", "Cookie", "Authorization", "Proxy-Authorization",
        "WWW-Authenticate", "Proxy-Authenticate"
    };

    private final Map<String, AtomicInteger> slowRuns = new ConcurrentHashMap<>();

    @Inject
    Ledger ledger;

    /**
     * 201 with a Location, the request body echoed, and every credential header with a value
     * unique to this run. Default settings: Content-Type and Location are replayed.
     */
    @POST
    @Path("/credentials")
    @Idempotent
    public Response credentials(@QueryParam("ref") String ref, String body, @Context UriInfo uriInfo) {
        ledger.recordExecution("secrets-credentials", ref);
        String secret = UUID.randomUUID().toString();
        return Response.created(uriInfo.getBaseUriBuilder().path("secrets").path(String.valueOf(ref)).build())
                .type(MediaType.TEXT_PLAIN_TYPE)
                .header("Set-Cookie", "idem-it-secret=" + secret + "; Path=/; HttpOnly")
                .header("Set-Cookie2", "idem-it-secret2=" + secret)
                .header("Cookie", "idem-it-cookie=" + secret)
                .header("Authorization", "Bearer " + secret)
                .header("Proxy-Authorization", "Basic " + secret)
                .header("WWW-Authenticate", "Bearer realm=\"" + secret + "\"")
                .header("Proxy-Authenticate", "Basic realm=\"" + secret + "\"")
                .entity(body == null ? "" : body)
                .build();
    }

    /** The request body repeated {@code times} times: over 1024 bytes, it is not recorded (a WARN). */
    @POST
    @Path("/oversized")
    @Idempotent(maxBodySize = 1024)
    public Response oversized(@QueryParam("ref") String ref, @QueryParam("times") int times, String body) {
        ledger.recordExecution("secrets-oversized", ref);
        String text = body == null ? "" : body;
        return Response.ok(text.repeat(Math.max(1, Math.min(times, 10_000))), MediaType.TEXT_PLAIN_TYPE).build();
    }

    /** The request body echoed as a stream, which Idem never records (a WARN). */
    @POST
    @Path("/stream")
    @Idempotent
    public Response stream(@QueryParam("ref") String ref, String body) {
        ledger.recordExecution("secrets-stream", ref);
        byte[] bytes = (body == null ? "" : body).getBytes(StandardCharsets.UTF_8);
        StreamingOutput output = out -> {
            out.write(bytes);
            out.flush();
        };
        return Response.ok(output, MediaType.TEXT_PLAIN_TYPE).build();
    }

    /**
     * A one-second lease: the first run for a ref sleeps {@code ms} and outlives it, later runs
     * answer at once; both echo the request body. A retry takes the key over, and the first run's
     * late completion is refused (a WARN).
     */
    @POST
    @Path("/slow")
    @Idempotent(lease = "PT1S")
    public Response slow(@QueryParam("ref") String ref, @QueryParam("ms") long ms, String body) {
        ledger.recordExecution("secrets-slow", ref);
        int run = slowRuns.computeIfAbsent(String.valueOf(ref), r -> new AtomicInteger()).incrementAndGet();
        if (run == 1) {
            Orders.pause(ms);
        }
        return Response.ok((body == null ? "" : body) + " run " + run, MediaType.TEXT_PLAIN_TYPE).build();
    }
}
