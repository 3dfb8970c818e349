package dev.idem.it.app;

import dev.idem.Idempotent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.UUID;

/** Replays {@code Content-Type} and {@code X-Order-Version} only: the list replaces the default one. */
@Path("/replay-headers")
@ApplicationScoped
@Idempotent(replayHeaders = {"Content-Type", "X-Order-Version"})
public class ReplayHeadersResource {

    @Inject
    Ledger ledger;

    @POST
    public Response run(@QueryParam("ref") String ref, @Context UriInfo uriInfo) {
        ledger.recordExecution("replay-headers", ref);
        return Response.created(uriInfo.getBaseUriBuilder().path("replay-headers").path(String.valueOf(ref)).build())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .header("X-Order-Version", UUID.randomUUID().toString())
                .entity(Orders.runBody("replay-headers", ref))
                .build();
    }
}
