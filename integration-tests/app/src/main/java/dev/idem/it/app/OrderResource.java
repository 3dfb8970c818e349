package dev.idem.it.app;

import dev.idem.Idempotent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/** Idempotent order endpoints with the default settings. */
@Path("/orders")
@ApplicationScoped
public class OrderResource {

    @Inject
    Orders orders;

    @Inject
    Ledger ledger;

    /** Query parameters are accepted and ignored: they still take part in the fingerprint. */
    @POST
    @Idempotent
    public Response create(String body, @Context UriInfo uriInfo) {
        return orders.place(body, uriInfo, null);
    }

    /** Same path as {@link #create}, another method: a key used on both is a mismatch. */
    @PUT
    @Idempotent
    public Response put(String body, @Context UriInfo uriInfo) {
        return orders.place(body, uriInfo, null);
    }

    /** One method behind many paths: a key used on two tags is a mismatch. */
    @POST
    @Path("/tagged/{tag}")
    @Idempotent
    public Response createTagged(@PathParam("tag") String tag, String body, @Context UriInfo uriInfo) {
        return orders.place(body, uriInfo, null);
    }

    /** The order comes from the query string only, there is no body. */
    @POST
    @Path("/from-query")
    @Idempotent
    public Response createFromQuery(@QueryParam("ref") String ref, @QueryParam("amount") long amount,
                                    @Context UriInfo uriInfo) {
        return orders.place(Json.object("ref", ref == null ? "" : ref, "amount", amount), uriInfo, null);
    }

    /** Records that it started, sleeps {@code ms}, then places an order and answers 200. */
    @POST
    @Path("/slow")
    @Idempotent
    public Response createSlowly(@QueryParam("ms") long ms, @QueryParam("ref") String ref) {
        ledger.recordExecution("orders-slow", ref);
        Orders.pause(ms);
        PlacedOrder order = ledger.placeOrder(ref, null);
        return Response.ok(Orders.runBody("orders-slow", ref, "id", order.getId()), MediaType.APPLICATION_JSON_TYPE)
                .build();
    }

    /** A client error that is recorded and replayed like any 4xx. */
    @POST
    @Path("/invalid")
    @Idempotent
    public Response rejectAsInvalid(@QueryParam("ref") String ref) {
        ledger.recordExecution("orders-invalid", ref);
        return Response.status(Response.Status.BAD_REQUEST)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Orders.runBody("orders-invalid", ref, "error", "amount must be positive"))
                .build();
    }

    @GET
    @Path("/{id}")
    public Response find(@PathParam("id") long id) {
        PlacedOrder order = ledger.findOrder(id);
        if (order == null) {
            throw new NotFoundException();
        }
        return Response.ok(Json.object("id", order.getId(), "ref", order.getRef()), MediaType.APPLICATION_JSON_TYPE)
                .build();
    }
}
