package dev.idem.it.app;

import dev.idem.Idempotent;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;

/**
 * Orders for authenticated callers (HTTP Basic; the runtime defines the users {@code alice} and
 * {@code bob} in role {@code user}). The principal's name is part of the record's scope.
 */
@Path("/secure/orders")
@ApplicationScoped
@Idempotent
@RolesAllowed("user")
public class SecureOrderResource {

    @Inject
    Orders orders;

    @POST
    public Response create(String body, @Context UriInfo uriInfo, @Context SecurityContext security) {
        String principal = security.getUserPrincipal() == null ? null : security.getUserPrincipal().getName();
        return orders.place(body, uriInfo, principal);
    }
}
