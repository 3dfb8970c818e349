package dev.idem.it.app;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/** Not idempotent: an {@code Idempotency-Key} header means nothing here. */
@Path("/plain")
@ApplicationScoped
public class PlainResource {

    @Inject
    Orders orders;

    @POST
    public Response create(String body, @Context UriInfo uriInfo) {
        return orders.place(body, uriInfo, null);
    }
}
