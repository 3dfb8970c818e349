package dev.idem.it.app;

import dev.idem.client.IdempotencyKeyFilter;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;

/** A MicroProfile Rest Client of {@code POST /orders} that sends Idempotency-Keys. */
@Path("/orders")
@RegisterProvider(IdempotencyKeyFilter.class)
public interface OrdersClient {

    /** The filter adds the key. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    Response create(String order);

    /** The key is given: the filter keeps it. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    Response createWithKey(@HeaderParam("Idempotency-Key") String key, String order);
}
