package dev.idem.bench;

import dev.idem.Idempotent;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Phases B and D: the same insert behind {@code @Idempotent} in the default separate mode (claim,
 * business transaction, completion: three commits). D replays keys already recorded here.
 */
@Path("/idem/orders")
public class SeparateResource {

    @Inject
    Orders orders;

    @POST
    @Idempotent
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(String body, @QueryParam("hold") @DefaultValue("0") long holdMillis) {
        Orders.hold(holdMillis);
        return orders.place(body);
    }
}
