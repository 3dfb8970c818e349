package dev.idem.it.app;

import dev.idem.Idempotent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * Orders per tenant. The runtime's configuration adds the tenant header to the scope:
 * {@code idem."dev.idem.it.app.TenantOrderResource".scope.headers=X-Tenant}.
 */
@Path("/tenant/orders")
@ApplicationScoped
@Idempotent
public class TenantOrderResource {

    /** Header naming the tenant. */
    public static final String TENANT_HEADER = "X-Tenant";

    @Inject
    Orders orders;

    @POST
    public Response create(String body, @Context UriInfo uriInfo) {
        return orders.place(body, uriInfo, null);
    }
}
