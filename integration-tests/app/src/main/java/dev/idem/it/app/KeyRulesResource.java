package dev.idem.it.app;

import dev.idem.Idempotent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Keys of 8 to 24 characters made of lower-case letters, digits and dashes. */
@Path("/key-rules")
@ApplicationScoped
@Idempotent(keyMinLength = 8, keyMaxLength = 24, keyPattern = "[a-z0-9-]+")
public class KeyRulesResource {

    @Inject
    Ledger ledger;

    @POST
    public Response run(@QueryParam("ref") String ref) {
        ledger.recordExecution("key-rules", ref);
        return Response.ok(Orders.runBody("key-rules", ref), MediaType.APPLICATION_JSON_TYPE).build();
    }
}
