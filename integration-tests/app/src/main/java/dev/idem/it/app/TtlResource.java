package dev.idem.it.app;

import dev.idem.Idempotent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Records that are replayed for two seconds only. */
@Path("/ttl")
@ApplicationScoped
@Idempotent(ttl = "PT2S")
public class TtlResource {

    @Inject
    Ledger ledger;

    @POST
    public Response run(@QueryParam("ref") String ref) {
        ledger.recordExecution("ttl", ref);
        return Response.ok(Orders.runBody("ttl", ref), MediaType.APPLICATION_JSON_TYPE).build();
    }
}
