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
 * Same-transaction mode set by configuration alone, not on the annotation:
 * {@code idem."dev.idem.it.app.ConfiguredTxOrderResource".transaction=same}.
 */
@Path("/tx/configured")
@ApplicationScoped
@Idempotent
public class ConfiguredTxOrderResource {

    @Inject
    Ledger ledger;

    /** Places an order, then, on the first run for this ref only, throws an exception that no mapper handles. */
    @POST
    @Path("/fail-after-insert")
    public Response failAfterInsertOnce(@QueryParam("ref") String ref) {
        ledger.recordExecution("tx-configured-fail", ref);
        long run = ledger.countExecutions("tx-configured-fail", ref);
        PlacedOrder order = ledger.placeOrder(ref, null);
        if (run == 1) {
            throw new IllegalStateException("deliberate failure after placing order " + order.getId() + " for " + ref);
        }
        return Response.status(Response.Status.CREATED)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Orders.runBody("tx-configured-fail", ref, "id", order.getId()))
                .build();
    }
}
