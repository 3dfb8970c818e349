package dev.idem.bench;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Phase A: the business insert with no idempotency at all. Also the readiness probe. */
@Path("/")
public class PlainResource {

    @Inject
    Orders orders;

    @POST
    @Path("plain/orders")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(String body, @QueryParam("hold") @DefaultValue("0") long holdMillis) {
        Orders.hold(holdMillis);
        return orders.place(body);
    }

    @GET
    @Path("ready")
    public String ready() {
        return "ready";
    }
}
