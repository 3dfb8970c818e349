package dev.idem.it.app;

import dev.idem.Idempotent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A short lease: the first run for a ref outlives it (it sleeps {@code ms}), later runs answer
 * at once. Every request for a ref is the same request, so a later one may take the key over.
 */
@Path("/lease")
@ApplicationScoped
@Idempotent(lease = "PT1S")
public class LeaseResource {

    private final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();

    @Inject
    Ledger ledger;

    @POST
    @Path("/slow")
    public Response slowFirstRun(@QueryParam("ms") long ms, @QueryParam("ref") String ref) {
        ledger.recordExecution("lease-slow", ref);
        int run = runs.computeIfAbsent(String.valueOf(ref), r -> new AtomicInteger()).incrementAndGet();
        if (run == 1) {
            Orders.pause(ms);
        }
        return Response.ok(Orders.runBody("lease-slow", ref, "run", run), MediaType.APPLICATION_JSON_TYPE).build();
    }
}
