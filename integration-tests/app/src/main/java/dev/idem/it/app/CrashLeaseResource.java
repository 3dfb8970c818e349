package dev.idem.it.app;

import dev.idem.Idempotent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * For the crash tests (issue 5): an owner killed while it holds its lease, a retry refused while
 * that lease runs, a takeover once it has expired. The lease outlasts a restart of either runtime
 * (about 3 s on Quarkus and 7 to 9 s on Open Liberty with two cores, more
 * when the machine is busy), so that the retry
 * right after the restart still meets it.
 *
 * <p>The first run of a ref sleeps {@code ms} (long enough to be killed in), a later run (the
 * takeover) does not, as the database tells: the killed JVM's memory is gone. The order is placed
 * after the pause, so a run that was killed leaves an execution but no order. Every request for a
 * ref is the same request, so the retry matches the killed request's fingerprint.
 */
@Path("/crash-lease")
@ApplicationScoped
@Idempotent(lease = CrashLeaseResource.LEASE)
public class CrashLeaseResource {

    /** The lease of this resource's claims. */
    public static final String LEASE = "PT30S";

    /** Execution rows of this resource are recorded under this endpoint name. */
    public static final String ENDPOINT = "crash-lease-slow";

    @Inject
    Ledger ledger;

    @POST
    @Path("/slow")
    public Response slowFirstRun(@QueryParam("ms") long ms, @QueryParam("ref") String ref) {
        ledger.recordExecution(ENDPOINT, ref);
        long run = ledger.countExecutions(ENDPOINT, ref);
        if (run == 1) {
            Orders.pause(ms);
        }
        PlacedOrder order = ledger.placeOrder(ref, null);
        return Response.ok(Orders.runBody(ENDPOINT, ref, "id", order.getId(), "run", run),
                MediaType.APPLICATION_JSON_TYPE).build();
    }
}
