package dev.idem.it.app;

import dev.idem.Idempotent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Annotated, but switched off: behaves as if it were not. */
@Path("/disabled")
@ApplicationScoped
@Idempotent(enabled = false)
public class DisabledResource {

    @Inject
    Ledger ledger;

    @POST
    public Response run(@QueryParam("ref") String ref) {
        ledger.recordExecution("disabled", ref);
        return Response.ok(Orders.runBody("disabled", ref), MediaType.APPLICATION_JSON_TYPE).build();
    }
}
