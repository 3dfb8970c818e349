package dev.idem.it.app;

import dev.idem.Idempotent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** A second request racing the first waits for it and gets its response replayed. */
@Path("/wait")
@ApplicationScoped
@Idempotent(inFlight = "wait", inFlightMaxWait = "PT10S")
public class WaitResource {

    @Inject
    Ledger ledger;

    @POST
    @Path("/slow")
    public Response slow(@QueryParam("ms") long ms, @QueryParam("ref") String ref) {
        ledger.recordExecution("wait-slow", ref);
        Orders.pause(ms);
        return Response.ok(Orders.runBody("wait-slow", ref), MediaType.APPLICATION_JSON_TYPE).build();
    }
}
