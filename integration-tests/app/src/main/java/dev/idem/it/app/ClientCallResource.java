package dev.idem.it.app;

import dev.idem.client.IdempotencyKeyFilter;
import dev.idem.client.IdempotentCalls;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/**
 * The client side under test: places an order through {@link OrderSubmitter} at the
 * application found at {@code shop} (a test puts a proxy there that drops responses), and sends
 * plain JAX-RS client requests with {@link IdempotencyKeyFilter} to {@code /client/echo}, which
 * answers with the key it received.
 */
@Path("/client")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class ClientCallResource {

    @Inject
    OrderSubmitter submitter;

    /**
     * {@code mode}: {@code call} (@IdempotentCall, random key), {@code keyed} (@IdempotentCall,
     * key from {@code key}), {@code programmatic} (IdempotentCalls.call with {@code key}),
     * {@code explicit} (the key as a header parameter), {@code none} (@Retry without a logical call).
     */
    @POST
    @Path("/orders")
    public String placeOrder(@QueryParam("shop") URI shop, @QueryParam("mode") String mode,
                             @QueryParam("key") String key, @QueryParam("ref") String ref) {
        String order = Json.object("ref", ref, "amount", 42L);
        OrderSubmitter.Placed placed = switch (mode == null ? "" : mode) {
            case "call" -> submitter.place(shop, order);
            case "keyed" -> submitter.placeFor(key, shop, order);
            case "programmatic" -> IdempotentCalls.call(key, () -> submitter.placeRetrying(shop, order));
            case "explicit" -> submitter.placeWithKey(shop, key, order);
            case "none" -> submitter.placeRetrying(shop, order);
            default -> throw new BadRequestException("unknown mode " + mode);
        };
        return placed.json();
    }

    /** One request with the plain JAX-RS client, the filter registered unless {@code filter=false}; answers what the echo saw. */
    @POST
    @Path("/plain")
    public String plain(@QueryParam("shop") URI shop, @QueryParam("method") String method,
                        @QueryParam("key") String key, @QueryParam("filter") @DefaultValue("true") boolean filter) {
        Client client = filter
                ? ClientBuilder.newClient().register(new IdempotencyKeyFilter())
                : ClientBuilder.newClient();
        try {
            Invocation.Builder request = client.target(shop).path("client/echo").request(MediaType.APPLICATION_JSON);
            if (key != null) {
                request.header("Idempotency-Key", key);
            }
            boolean withBody = !method.equals("GET") && !method.equals("DELETE");
            try (Response response = withBody
                    ? request.method(method, Entity.text("payload"))
                    : request.method(method)) {
                return response.readEntity(String.class);
            }
        } finally {
            client.close();
        }
    }

    @GET
    @Path("/echo")
    public String echoGet(@HeaderParam("Idempotency-Key") String key) {
        return echo("GET", key);
    }

    @POST
    @Path("/echo")
    public String echoPost(@HeaderParam("Idempotency-Key") String key) {
        return echo("POST", key);
    }

    @PUT
    @Path("/echo")
    public String echoPut(@HeaderParam("Idempotency-Key") String key) {
        return echo("PUT", key);
    }

    @PATCH
    @Path("/echo")
    public String echoPatch(@HeaderParam("Idempotency-Key") String key) {
        return echo("PATCH", key);
    }

    @DELETE
    @Path("/echo")
    public String echoDelete(@HeaderParam("Idempotency-Key") String key) {
        return echo("DELETE", key);
    }

    private static String echo(String method, String key) {
        return Json.object("method", method, "key", key == null ? "" : key);
    }
}
