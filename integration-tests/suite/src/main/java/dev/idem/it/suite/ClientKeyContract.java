package dev.idem.it.suite;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The client side: the application calls its own {@code POST /orders} with a MicroProfile Rest
 * Client that has {@code IdempotencyKeyFilter} registered and Fault Tolerance's {@code @Retry},
 * through a proxy that loses the first answer after the server has done its work. Within one
 * logical call ({@code @IdempotentCall} or {@code IdempotentCalls.call}) the retry carries the
 * same key and is replayed; the order is placed once.
 */
public class ClientKeyContract extends ContractSupport {

    @Test
    void idempotentCall_retryAfterADroppedResponse_isReplayedWithTheSameKey_andRunsOnce() {
        String ref = newRef();
        try (DroppingProxy proxy = proxyDroppingFirst(1)) {
            JsonPath answer = placeThrough(proxy, "call", null, ref);

            String key = assertOneKeyOverRetries(proxy.seen());
            assertThat(key).as("random key of the logical call").startsWith("idem-");
            assertReplayedOnce(answer, ref, key);
        }
    }

    @Test
    void idempotentCall_keyDerivedFromAnIdempotencyKeyParameter_isSentOnEveryAttempt() {
        String ref = newRef();
        String orderKey = "order-" + ref;
        try (DroppingProxy proxy = proxyDroppingFirst(1)) {
            JsonPath answer = placeThrough(proxy, "keyed", orderKey, ref);

            assertThat(assertOneKeyOverRetries(proxy.seen())).isEqualTo(orderKey);
            assertReplayedOnce(answer, ref, orderKey);
        }
    }

    @Test
    void programmaticCall_aroundARetryingMethod_keepsItsKeyAcrossRetries() {
        String ref = newRef();
        String orderKey = newKey();
        try (DroppingProxy proxy = proxyDroppingFirst(1)) {
            JsonPath answer = placeThrough(proxy, "programmatic", orderKey, ref);

            assertThat(assertOneKeyOverRetries(proxy.seen())).isEqualTo(orderKey);
            assertReplayedOnce(answer, ref, orderKey);
        }
    }

    @Test
    void aKeyGivenAsHeaderParameter_isKeptByTheFilter_andSentOnEveryAttempt() {
        String ref = newRef();
        String orderKey = newKey();
        try (DroppingProxy proxy = proxyDroppingFirst(1)) {
            JsonPath answer = placeThrough(proxy, "explicit", orderKey, ref);

            assertThat(assertOneKeyOverRetries(proxy.seen())).isEqualTo(orderKey);
            assertReplayedOnce(answer, ref, orderKey);
        }
    }

    @Test
    void twoLogicalCallsWithTheSamePayload_getDifferentKeys_andBothRun() {
        String ref = newRef();
        try (DroppingProxy proxy = proxyDroppingFirst(0)) {
            JsonPath first = placeThrough(proxy, "call", null, ref);
            JsonPath second = placeThrough(proxy, "call", null, ref);

            assertFreshPlacement(first);
            assertFreshPlacement(second);
            List<DroppingProxy.Seen> seen = proxy.seen();
            assertThat(seen).hasSize(2);
            assertThat(seen.get(0).key()).startsWith("idem-").isNotEqualTo(seen.get(1).key());
            assertThat(db().countOrders(ref)).as("orders placed").isEqualTo(2);
        }
    }

    @Test
    void withoutALogicalCall_eachRetryIsANewRequest_andRunsAgain() {
        String ref = newRef();
        try (DroppingProxy proxy = proxyDroppingFirst(1)) {
            JsonPath answer = placeThrough(proxy, "none", null, ref);

            List<DroppingProxy.Seen> seen = proxy.seen();
            assertThat(seen).hasSize(2);
            assertThat(seen.get(0).key()).startsWith("idem-");
            assertThat(seen.get(1).key()).startsWith("idem-").isNotEqualTo(seen.get(0).key());
            assertFreshPlacement(answer);
            assertThat(db().countOrders(ref)).as("orders placed: the lost one and the retry").isEqualTo(2);
        }
    }

    @Test
    void plainJaxRsClient_addsAKeyToPostAndPatchOnly() {
        String post = plain("POST", null, true).getString("key");
        String patch = plain("PATCH", null, true).getString("key");

        assertThat(post).startsWith("idem-");
        assertThat(patch).startsWith("idem-").isNotEqualTo(post);
        for (String method : List.of("GET", "PUT", "DELETE")) {
            JsonPath echo = plain(method, null, true);
            assertThat(echo.getString("method")).isEqualTo(method);
            assertThat(echo.getString("key")).as("key sent with " + method).isEmpty();
        }
    }

    @Test
    void plainJaxRsClient_keepsAKeyAlreadySet() {
        String key = newKey();

        assertThat(plain("POST", key, true).getString("key")).isEqualTo(key);
        assertThat(plain("PATCH", key, true).getString("key")).isEqualTo(key);
    }

    @Test
    void aClientWithoutTheFilterRegistered_sendsNoKey() {
        assertThat(plain("POST", null, false).getString("key")).isEmpty();
    }

    private DroppingProxy proxyDroppingFirst(int dropFirst) {
        URI base = Target.baseUri();
        return DroppingProxy.start(base.getHost(), Target.port(base), dropFirst);
    }

    /** Asks the application to place the order through the proxy; its answer: status, replayed, body. */
    private JsonPath placeThrough(DroppingProxy proxy, String mode, String key, String ref) {
        String shop = "http://127.0.0.1:" + proxy.port() + Target.basePath(Target.baseUri());
        Response response = request()
                .queryParam("shop", shop)
                .queryParam("mode", mode)
                .queryParam("ref", ref)
                .queryParam("key", key == null ? "" : key)
                .post("/client/orders");
        assertThat(response.statusCode()).as("client endpoint; body: %s", response.asString()).isEqualTo(200);
        return response.jsonPath();
    }

    private JsonPath plain(String method, String key, boolean filter) {
        RequestSpecification request = request()
                .queryParam("shop", Target.baseUri().toString())
                .queryParam("method", method)
                .queryParam("filter", filter);
        if (key != null) {
            request.queryParam("key", key);
        }
        Response response = request.post("/client/plain");
        assertThat(response.statusCode()).as("client endpoint; body: %s", response.asString()).isEqualTo(200);
        return response.jsonPath();
    }

    /** The first attempt's answer was lost, a later one got through, all with one key: that key. */
    private static String assertOneKeyOverRetries(List<DroppingProxy.Seen> seen) {
        assertThat(seen).as("attempts seen by the proxy").hasSizeGreaterThanOrEqualTo(2);
        assertThat(seen.get(0).dropped()).as("first answer lost").isTrue();
        assertThat(seen).allSatisfy(attempt -> assertThat(attempt.method() + " " + attempt.path())
                .endsWith("/orders").startsWith("POST "));
        String key = seen.get(0).key();
        assertThat(key).as("key of the first attempt").isNotBlank();
        assertThat(seen).extracting(DroppingProxy.Seen::key).as("keys of all attempts").containsOnly(key);
        return key;
    }

    private void assertReplayedOnce(JsonPath answer, String ref, String key) {
        assertThat(answer.getInt("status")).as("status the client got").isEqualTo(201);
        assertThat(answer.getString("replayed")).as("Idempotent-Replayed the client got").isEqualTo("true");
        assertThat(answer.getString("body")).as("the recorded answer").contains(ref);
        assertThat(db().countOrders(ref)).as("orders placed").isEqualTo(1);
        assertThat(db().countRecords(key)).as("idempotency records of the key").isEqualTo(1);
    }

    private static void assertFreshPlacement(JsonPath answer) {
        assertThat(answer.getInt("status")).as("status the client got").isEqualTo(201);
        assertThat(answer.getString("replayed")).as("Idempotent-Replayed the client got").isEmpty();
    }
}
