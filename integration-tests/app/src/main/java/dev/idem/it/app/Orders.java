package dev.idem.it.app;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.UUID;

/**
 * Places an order from a JSON body {@code {"ref":"...","amount":N}} and answers the way the
 * replay tests need: 201 with a Location, a header that is not on the replay allow-list, a
 * cookie that must never be replayed, and a body that differs on every run.
 */
@ApplicationScoped
public class Orders {

    /** Response header that the default replay allow-list leaves out. */
    public static final String NOT_REPLAYED_HEADER = "X-Not-Replayed";

    @Inject
    Ledger ledger;

    public Response place(String body, UriInfo uriInfo, String principal) {
        String ref = Json.stringField(body, "ref");
        Long amount = Json.numberField(body, "amount");
        PlacedOrder order = ledger.placeOrder(ref == null ? "" : ref, body);
        URI location = uriInfo.getBaseUriBuilder().path("orders").path(String.valueOf(order.getId())).build();
        String json = Json.object(
                "id", order.getId(),
                "ref", order.getRef(),
                "amount", amount == null ? 0L : amount,
                "principal", principal == null ? "" : principal,
                "execution", UUID.randomUUID().toString());
        return Response.created(location)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .header(NOT_REPLAYED_HEADER, "yes")
                .header("Set-Cookie", "idem-it-session=" + UUID.randomUUID() + "; Path=/; HttpOnly")
                .entity(json)
                .build();
    }

    /** A JSON body naming one run of {@code endpoint}, unique per run. */
    public static String runBody(String endpoint, String ref, Object... more) {
        Object[] fields = new Object[6 + more.length];
        fields[0] = "endpoint";
        fields[1] = endpoint;
        fields[2] = "ref";
        fields[3] = ref == null ? "" : ref;
        fields[4] = "execution";
        fields[5] = UUID.randomUUID().toString();
        System.arraycopy(more, 0, fields, 6, more.length);
        return Json.object(fields);
    }

    /** Sleeps for a bounded time; the tests use it to keep a request in flight. */
    public static void pause(long millis) {
        try {
            Thread.sleep(Math.max(0, Math.min(millis, 30_000)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
