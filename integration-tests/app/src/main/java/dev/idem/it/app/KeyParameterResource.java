package dev.idem.it.app;

import dev.idem.IdempotencyKey;
import dev.idem.Idempotent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * A resource method that both entry points could claim: {@code @Idempotent} (an interceptor
 * binding too) and an {@link IdempotencyKey} parameter. Idem's request filter handles it; its
 * CDI interceptor must leave it alone, or the key would be claimed twice.
 */
@Path("/key-parameter")
@ApplicationScoped
public class KeyParameterResource {

    @Inject
    Ledger ledger;

    @POST
    @Idempotent
    public Response create(@HeaderParam("Idempotency-Key") @IdempotencyKey String key, @QueryParam("ref") String ref) {
        ledger.recordExecution("key-parameter", ref);
        return Response.ok(Orders.runBody("key-parameter", ref), MediaType.APPLICATION_JSON_TYPE).build();
    }
}
