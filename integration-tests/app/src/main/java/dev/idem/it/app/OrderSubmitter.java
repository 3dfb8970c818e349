package dev.idem.it.app;

import dev.idem.IdempotencyKey;
import dev.idem.client.IdempotentCall;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.function.Function;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.rest.client.RestClientBuilder;

/**
 * Places orders in another application (here: this one, reached through the URL a test gives)
 * with a Rest Client and Fault Tolerance's {@code @Retry}: the client side of Idem.
 */
@ApplicationScoped
public class OrderSubmitter {

    /** One logical call: every attempt carries the same random key. */
    @IdempotentCall
    @Retry(maxRetries = 3)
    public Placed place(URI shop, String order) {
        return send(shop, client -> client.create(order));
    }

    /** One logical call whose key is derived from business data: the order's own key. */
    @IdempotentCall
    @Retry(maxRetries = 3)
    public Placed placeFor(@IdempotencyKey String orderKey, URI shop, String order) {
        return send(shop, client -> client.create(order));
    }

    /**
     * Retries without a logical call of its own: inside {@code IdempotentCalls.call(...)} all
     * attempts share that call's key; alone, each attempt gets a fresh key.
     */
    @Retry(maxRetries = 3)
    public Placed placeRetrying(URI shop, String order) {
        return send(shop, client -> client.create(order));
    }

    /** The caller gives the key; every attempt sends it. */
    @Retry(maxRetries = 3)
    public Placed placeWithKey(URI shop, String key, String order) {
        return send(shop, client -> client.createWithKey(key, order));
    }

    private static Placed send(URI shop, Function<OrdersClient, Response> call) {
        OrdersClient client = RestClientBuilder.newBuilder().baseUri(shop).build(OrdersClient.class);
        try (Response response = call.apply(client)) {
            return new Placed(response.getStatus(), response.getHeaderString("Idempotent-Replayed"),
                    response.readEntity(String.class));
        } finally {
            close(client);
        }
    }

    private static void close(OrdersClient client) {
        try {
            ((AutoCloseable) client).close();
        } catch (Exception e) {
            throw new IllegalStateException("Could not close the Rest Client", e);
        }
    }

    /** What the client saw of the final answer. */
    public record Placed(int status, String replayed, String body) {

        String json() {
            return Json.object("status", status, "replayed", replayed == null ? "" : replayed, "body", body);
        }
    }
}
