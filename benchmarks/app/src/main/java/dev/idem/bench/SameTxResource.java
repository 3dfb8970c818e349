package dev.idem.bench;

import dev.idem.Idempotent;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Phase C: the same insert behind {@code @Idempotent(transaction = "same")}: claim, business row
 * and completion commit together in the one JTA transaction Idem opens.
 */
@Path("/idem-tx/orders")
public class SameTxResource {

    @Inject
    Orders orders;

    @POST
    @Idempotent(transaction = "same")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(String body) {
        return orders.place(body);
    }
}
