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
 * Server errors. Each run is recorded in its own transaction; the first {@code failures} runs
 * for a ref then fail, later runs succeed with 200.
 */
@Path("/fail")
@ApplicationScoped
public class FailResource {

    private final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();

    @Inject
    Ledger ledger;

    /** Fails by returning a 500 response. */
    @POST
    @Path("/status")
    @Idempotent
    public Response returnServerError(@QueryParam("ref") String ref, @QueryParam("failures") int failures) {
        int run = run("fail-status", ref);
        return run <= failures ? serverError("fail-status", ref, run) : success("fail-status", ref, run);
    }

    /** Fails by throwing an exception that no mapper handles. */
    @POST
    @Path("/throw")
    @Idempotent
    public Response throwUnmapped(@QueryParam("ref") String ref, @QueryParam("failures") int failures) {
        int run = run("fail-throw", ref);
        if (run <= failures) {
            throw new IllegalStateException("deliberate failure for ref " + ref);
        }
        return success("fail-throw", ref, run);
    }

    /** Fails by returning a 500 response, on an endpoint that records server errors. */
    @POST
    @Path("/stored")
    @Idempotent(storeServerErrors = true)
    public Response returnStoredServerError(@QueryParam("ref") String ref, @QueryParam("failures") int failures) {
        int run = run("fail-stored", ref);
        return run <= failures ? serverError("fail-stored", ref, run) : success("fail-stored", ref, run);
    }

    private int run(String endpoint, String ref) {
        ledger.recordExecution(endpoint, ref);
        return runs.computeIfAbsent(endpoint + "/" + ref, r -> new AtomicInteger()).incrementAndGet();
    }

    private static Response serverError(String endpoint, String ref, int run) {
        return Response.serverError()
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Orders.runBody(endpoint, ref, "run", run, "error", "deliberate failure"))
                .build();
    }

    private static Response success(String endpoint, String ref, int run) {
        return Response.ok(Orders.runBody(endpoint, ref, "run", run), MediaType.APPLICATION_JSON_TYPE).build();
    }
}
