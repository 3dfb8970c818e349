package dev.idem.it.app;

import dev.idem.Idempotent;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * A resource that is no CDI bean where bean discovery is "annotated" (no scope annotation, as
 * plain JAX-RS allows): the OpenAPI document shows it all the same (OpenApiContract).
 */
@Path("/unscoped")
public class UnscopedResource {

    @POST
    @Idempotent(ttl = "PT5M")
    public Response create() {
        return Response.ok("{\"created\":true}", MediaType.APPLICATION_JSON_TYPE).build();
    }
}
