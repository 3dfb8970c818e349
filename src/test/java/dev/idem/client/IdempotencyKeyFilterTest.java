package dev.idem.client;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IdempotencyKeyFilterTest {

    private final IdempotencyKeyFilter filter = new IdempotencyKeyFilter();

    @Test
    void postAndPatchWithoutAScope_getAFreshKeyEach() {
        MultivaluedMap<String, Object> first = send(filter, "POST");
        MultivaluedMap<String, Object> second = send(filter, "PATCH");

        assertThat(first.getFirst("Idempotency-Key")).asString().startsWith("idem-").hasSize(41);
        assertThat(second.getFirst("Idempotency-Key")).asString().startsWith("idem-")
                .isNotEqualTo(first.getFirst("Idempotency-Key"));
    }

    @Test
    void otherMethods_areLeftAlone() {
        for (String method : List.of("GET", "PUT", "DELETE", "HEAD", "OPTIONS")) {
            assertThat(send(filter, method)).as(method).doesNotContainKey("Idempotency-Key");
        }
    }

    @Test
    void insideALogicalCall_everyAttemptCarriesTheCallsKey() {
        List<Object> keys = IdempotentCalls.call("payment-4711-attempts", () -> List.of(
                send(filter, "POST").getFirst("Idempotency-Key"),
                send(filter, "POST").getFirst("Idempotency-Key"),
                send(filter, "patch").getFirst("Idempotency-Key")));

        assertThat(keys).containsOnly("payment-4711-attempts");
    }

    @Test
    void aKeyAlreadyOnTheRequest_isKept_whateverTheCaseOfItsName() {
        MultivaluedMap<String, Object> headers = new MultivaluedHashMap<>();
        headers.putSingle("idempotency-key", "explicit-key-000001");

        IdempotentCalls.run("scope-key-00000001", () -> filter.filter(context("POST", headers)));

        assertThat(headers).containsOnlyKeys("idempotency-key");
        assertThat(headers.getFirst("idempotency-key")).isEqualTo("explicit-key-000001");
    }

    @Test
    void headerAndMethods_canBeChosen() {
        IdempotencyKeyFilter custom = new IdempotencyKeyFilter("X-Request-Key", Set.of("put", "POST"));

        assertThat(send(custom, "PUT")).containsKey("X-Request-Key").doesNotContainKey("Idempotency-Key");
        assertThat(send(custom, "POST")).containsKey("X-Request-Key");
        assertThat(send(custom, "PATCH")).doesNotContainKey("X-Request-Key");
    }

    private static MultivaluedMap<String, Object> send(IdempotencyKeyFilter filter, String method) {
        MultivaluedMap<String, Object> headers = new MultivaluedHashMap<>();
        filter.filter(context(method, headers));
        return headers;
    }

    /** The two things the filter reads of a request: its method and its headers. */
    private static ClientRequestContext context(String method, MultivaluedMap<String, Object> headers) {
        return (ClientRequestContext) Proxy.newProxyInstance(IdempotencyKeyFilterTest.class.getClassLoader(),
                new Class<?>[] {ClientRequestContext.class}, (proxy, invoked, arguments) -> switch (invoked.getName()) {
                    case "getMethod" -> method;
                    case "getHeaders" -> headers;
                    default -> throw new UnsupportedOperationException(invoked.getName());
                });
    }
}
