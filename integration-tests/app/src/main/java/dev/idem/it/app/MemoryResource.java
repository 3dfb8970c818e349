package dev.idem.it.app;

import dev.idem.Idempotent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts runs in memory and never touches the database, so it shows what the idempotency store
 * does while the database is down.
 */
@Path("/memory")
@ApplicationScoped
public class MemoryResource {

    private final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();

    /** Default failure mode: refused with 503 while the store is down. */
    @POST
    @Path("/closed")
    @Idempotent
    public Response failClosed(@QueryParam("ref") String ref) {
        return run("memory-closed", ref);
    }

    /** Runs without idempotency while the store is down. */
    @POST
    @Path("/open")
    @Idempotent(failureMode = "fail-open")
    public Response failOpen(@QueryParam("ref") String ref) {
        return run("memory-open", ref);
    }

    /** How many times any memory endpoint ran for {@code ref}. */
    @GET
    @Path("/count")
    @Produces(MediaType.TEXT_PLAIN)
    public String count(@QueryParam("ref") String ref) {
        AtomicInteger count = runs.get(String.valueOf(ref));
        return String.valueOf(count == null ? 0 : count.get());
    }

    private Response run(String endpoint, String ref) {
        int run = runs.computeIfAbsent(String.valueOf(ref), r -> new AtomicInteger()).incrementAndGet();
        return Response.ok(Orders.runBody(endpoint, ref, "run", run), MediaType.APPLICATION_JSON_TYPE).build();
    }
}
