package dev.idem.it.suite;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.path.json.JsonPath;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The key and the scope hash are in the logging context (MDC entries {@code idem.key} and
 * {@code idem.scope}) while an idempotent request or CDI method runs, and gone afterwards: the
 * next request on the same pooled thread sees none. The test application reports what its own
 * code saw ({@code /logging-context/...}).
 */
public class LoggingContextContract extends ContractSupport {
    private static final String SCOPE_HASH = "[0-9a-f]{64}";

    @Test
    public void idempotentRequest_seesItsKeyAndScopeHash() {
        String key = newKey();

        JsonPath seen = post(key, "/logging-context/idempotent").then().statusCode(200).extract().jsonPath();

        assertThat(seen.getString("key")).isEqualTo(key);
        assertThat(seen.getString("scope")).matches(SCOPE_HASH);
    }

    @Test
    public void requestsAfterIdempotentOnes_onTheSameThreads_seeNoContext() {
        Set<String> idempotentThreads = new HashSet<>();
        Set<String> plainThreads = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            String key = newKey();
            JsonPath idempotent = post(key, "/logging-context/idempotent").then().statusCode(200).extract().jsonPath();
            assertThat(idempotent.getString("key")).isEqualTo(key);
            idempotentThreads.add(idempotent.getString("thread"));
            // replayed and refused answers put the key too, and must clear it as well
            post(key, "/logging-context/idempotent").then().statusCode(200);
            withKey(key).body("other").post("/logging-context/idempotent").then().statusCode(422);

            JsonPath plain = request().get("/logging-context/plain").then().statusCode(200).extract().jsonPath();
            assertThat(plain.getString("key")).as("idem.key after a request with key %s", key).isNull();
            assertThat(plain.getString("scope")).as("idem.scope").isNull();
            plainThreads.add(plain.getString("thread"));
        }
        assertThat(plainThreads).as("threads that served both kinds of request")
                .containsAnyElementsOf(idempotentThreads);
    }

    @Test
    public void cdiMethod_seesItsKey_andTheCallerNoneAfterwards() {
        String key = newKey();

        JsonPath seen = request().post("/logging-context/cdi?key=" + key).then().statusCode(200).extract().jsonPath();

        assertThat(seen.getString("inside.key")).isEqualTo(key);
        assertThat(seen.getString("inside.scope")).matches(SCOPE_HASH);
        assertThat(seen.getString("after.key")).isNull();
        assertThat(seen.getString("after.scope")).isNull();
    }

    @Test
    public void cdiMethodInsideAnIdempotentRequest_seesItsOwnKey_thenTheRequestsKeyComesBack() {
        String requestKey = newKey();
        String methodKey = newKey();

        JsonPath seen = post(requestKey, "/logging-context/nested?key=" + methodKey)
                .then().statusCode(200).extract().jsonPath();

        assertThat(seen.getString("inside.key")).isEqualTo(methodKey);
        assertThat(seen.getString("after.key")).isEqualTo(requestKey);
        assertThat(seen.getString("after.scope")).matches(SCOPE_HASH);
    }
}
