package dev.idem.it.app;

import dev.idem.Idempotent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.UUID;

/**
 * Same-transaction mode: Idem opens a JTA transaction before each method runs, the business row
 * ({@code it_order}) is written in it, and Idem commits once the response is recorded. A 5xx or
 * an exception rolls back the row and the record together. Runs are counted in the ledger's own
 * transactions ({@code it_execution}), which survive that rollback.
 *
 * <p>{@link #create}, {@link #failTransactionalOnce} and {@link #returnServerErrorOnce} are also
 * {@code @Transactional} (REQUIRED): they join Idem's transaction rather than commit one of their own.
 */
@Path("/tx/orders")
@ApplicationScoped
@Idempotent(transaction = "same")
public class TxOrderResource {

    @Inject
    Ledger ledger;

    /** Places an order from {@code {"ref":"...","amount":N}}: 201, a Location and a body unique to this run. */
    @POST
    @Transactional
    public Response create(String body, @Context UriInfo uriInfo) {
        String ref = Json.stringField(body, "ref");
        Long amount = Json.numberField(body, "amount");
        ledger.recordExecution("tx-orders", ref);
        return created(ledger.placeOrder(ref == null ? "" : ref, body), amount, uriInfo);
    }

    /** Places the order first, then sleeps {@code ms} with the transaction open, then answers 200. */
    @POST
    @Path("/slow")
    public Response createSlowly(@QueryParam("ms") long ms, @QueryParam("ref") String ref) {
        ledger.recordExecution("tx-orders-slow", ref);
        PlacedOrder order = ledger.placeOrder(ref, null);
        Orders.pause(ms);
        return Response.ok(Orders.runBody("tx-orders-slow", ref, "id", order.getId()), MediaType.APPLICATION_JSON_TYPE)
                .build();
    }

    /** Places the order, then, on the first run for this ref only, throws an exception that no mapper handles. */
    @POST
    @Path("/fail-after-insert")
    public Response failAfterInsertOnce(@QueryParam("ref") String ref, @Context UriInfo uriInfo) {
        return placeThenFailOnce("tx-orders-fail", ref, uriInfo);
    }

    /** The same as {@link #failAfterInsertOnce}, from a {@code @Transactional} method that joined Idem's transaction. */
    @POST
    @Path("/fail-transactional")
    @Transactional
    public Response failTransactionalOnce(@QueryParam("ref") String ref, @Context UriInfo uriInfo) {
        return placeThenFailOnce("tx-orders-fail-transactional", ref, uriInfo);
    }

    /** Places the order, then, on the first run for this ref only, answers 500. */
    @POST
    @Path("/status-500")
    @Transactional
    public Response returnServerErrorOnce(@QueryParam("ref") String ref, @Context UriInfo uriInfo) {
        long run = run("tx-orders-500", ref);
        PlacedOrder order = ledger.placeOrder(ref, null);
        if (run == 1) {
            return Response.serverError()
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(Orders.runBody("tx-orders-500", ref, "id", order.getId(), "error", "deliberate failure"))
                    .build();
        }
        return created(order, null, uriInfo);
    }

    private Response placeThenFailOnce(String endpoint, String ref, UriInfo uriInfo) {
        long run = run(endpoint, ref);
        PlacedOrder order = ledger.placeOrder(ref, null);
        if (run == 1) {
            throw new IllegalStateException("deliberate failure after placing order " + order.getId() + " for " + ref);
        }
        return created(order, null, uriInfo);
    }

    /**
     * Places the order and, on the first run for this ref only, lets a {@code @Transactional}
     * helper fail and mark the transaction rollback-only, catches that and answers 201 all the
     * same: Idem's commit then fails, and the client must not get that 201.
     */
    @POST
    @Path("/rollback-only")
    public Response markRollbackOnlyOnce(@QueryParam("ref") String ref, @Context UriInfo uriInfo) {
        long run = run("tx-orders-rollback-only", ref);
        PlacedOrder order = ledger.placeOrder(ref, null);
        if (run == 1) {
            try {
                ledger.failInCallersTransaction("deliberate failure in the request's transaction for " + ref);
            } catch (IllegalStateException caught) {
                // swallowed on purpose: the transaction stays rollback-only
            }
        }
        return created(order, null, uriInfo);
    }

    /** Records this run in its own transaction and answers its number, 1 for the first run for the ref. */
    private long run(String endpoint, String ref) {
        ledger.recordExecution(endpoint, ref);
        return ledger.countExecutions(endpoint, ref);
    }

    private static Response created(PlacedOrder order, Long amount, UriInfo uriInfo) {
        URI location = uriInfo.getBaseUriBuilder().path("tx/orders").path(String.valueOf(order.getId())).build();
        String json = Json.object(
                "id", order.getId(),
                "ref", order.getRef(),
                "amount", amount == null ? 0L : amount,
                "execution", UUID.randomUUID().toString());
        return Response.created(location).type(MediaType.APPLICATION_JSON_TYPE).entity(json).build();
    }
}
