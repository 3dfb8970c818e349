package dev.idem.it.app;

import dev.idem.Idempotent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The key travels in {@code Request-Key} instead of {@code Idempotency-Key}. */
@Path("/custom-header")
@ApplicationScoped
@Idempotent(header = "Request-Key")
public class CustomHeaderResource {

    @Inject
    Ledger ledger;

    @POST
    public Response run(@QueryParam("ref") String ref) {
        ledger.recordExecution("custom-header", ref);
        return Response.ok(Orders.runBody("custom-header", ref), MediaType.APPLICATION_JSON_TYPE).build();
    }
}
