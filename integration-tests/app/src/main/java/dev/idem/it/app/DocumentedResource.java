package dev.idem.it.app;

import dev.idem.Idempotent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * What the OpenAPI document shows (OpenApiContract): the class's annotation, a per-method
 * configuration override of it for {@code create} (see the applications' configuration), and a
 * method switched off.
 */
@Path("/documented")
@ApplicationScoped
@Idempotent(ttl = "PT2H", keyMaxLength = 100)
public class DocumentedResource {

    /** Overridden per method by configuration: ttl PT30M, key.max-length 64, key.pattern. */
    @POST
    public Response create() {
        return Response.ok("{\"created\":true}", MediaType.APPLICATION_JSON_TYPE).build();
    }

    /** The class's settings as they are. */
    @PUT
    @Path("/{id: [0-9]+}")
    public Response replace(@PathParam("id") long id) {
        return Response.ok("{\"replaced\":" + id + "}", MediaType.APPLICATION_JSON_TYPE).build();
    }

    /** Not idempotent, although its class is. */
    @DELETE
    @Path("/{id}")
    @Idempotent(enabled = false)
    public Response remove(@PathParam("id") long id) {
        return Response.noContent().build();
    }
}
