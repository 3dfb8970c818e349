package dev.idem.it.app;

import dev.idem.Idempotent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** A key is welcome but not required. */
@Path("/optional")
@ApplicationScoped
@Idempotent(required = false)
public class OptionalKeyResource {

    @Inject
    Ledger ledger;

    @POST
    public Response run(@QueryParam("ref") String ref) {
        ledger.recordExecution("optional", ref);
        return Response.ok(Orders.runBody("optional", ref), MediaType.APPLICATION_JSON_TYPE).build();
    }
}
