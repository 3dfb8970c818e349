package dev.idem.it.app;

import dev.idem.Idempotent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;

/** Request and response bodies are handled up to 1024 bytes. */
@Path("/limited")
@ApplicationScoped
@Idempotent(maxBodySize = 1024)
public class BodyLimitResource {

    /** Largest body the tests may ask {@link #produce} for. */
    private static final int MAX_PRODUCED = 1 << 20;

    @Inject
    Ledger ledger;

    /** Answers the request body unchanged. */
    @POST
    @Path("/echo")
    @Consumes(MediaType.APPLICATION_OCTET_STREAM)
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    public Response echo(@QueryParam("ref") String ref, byte[] body) {
        ledger.recordExecution("limited-echo", ref);
        return Response.ok(body, MediaType.APPLICATION_OCTET_STREAM_TYPE).build();
    }

    /** Answers {@code size} bytes that start with a value unique to this run. */
    @POST
    @Path("/produce")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    public Response produce(@QueryParam("ref") String ref, @QueryParam("size") int size) {
        ledger.recordExecution("limited-produce", ref);
        byte[] body = new byte[Math.max(0, Math.min(size, MAX_PRODUCED))];
        Arrays.fill(body, (byte) 'x');
        byte[] unique = UUID.randomUUID().toString().getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(unique, 0, body, 0, Math.min(unique.length, body.length));
        return Response.ok(body, MediaType.APPLICATION_OCTET_STREAM_TYPE).build();
    }
}
