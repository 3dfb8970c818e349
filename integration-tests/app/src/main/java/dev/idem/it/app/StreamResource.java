package dev.idem.it.app;

import dev.idem.Idempotent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.nio.charset.StandardCharsets;

/** Answers with a streamed body, which Idem does not record. */
@Path("/stream")
@ApplicationScoped
@Idempotent
public class StreamResource {

    @Inject
    Ledger ledger;

    @POST
    public Response stream(@QueryParam("ref") String ref) {
        ledger.recordExecution("stream", ref);
        byte[] body = Orders.runBody("stream", ref).getBytes(StandardCharsets.UTF_8);
        StreamingOutput output = out -> {
            out.write(body);
            out.flush();
        };
        return Response.ok(output, MediaType.APPLICATION_JSON_TYPE).build();
    }
}
