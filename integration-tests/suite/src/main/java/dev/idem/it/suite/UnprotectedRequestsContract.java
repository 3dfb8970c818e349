package dev.idem.it.suite;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

/** Where idempotency is off, optional or absent, requests run every time. */
public class UnprotectedRequestsContract extends ContractSupport {

    @Test
    public void unannotatedEndpoint_ignoresTheKeyEntirely() {
        String key = newKey();
        String ref = newRef();

        Response first = withKey(key).contentType(ContentType.JSON).body(orderJson(ref, 1)).post("/plain");
        Response second = withKey(key).contentType(ContentType.JSON).body(orderJson(ref, 1)).post("/plain");
        Response malformedKey = withKey("short").contentType(ContentType.JSON).body(orderJson(ref, 1)).post("/plain");

        assertFreshRun(first, 201);
        assertFreshRun(second, 201);
        assertFreshRun(malformedKey, 201);
        assertThat(db().countOrders(ref)).as("orders placed").isEqualTo(3);
    }

    @Test
    public void optionalKeyEndpointWithoutKey_runsEveryTime() {
        String ref = newRef();

        assertFreshRun(request().post("/optional?ref=" + ref), 200);
        assertFreshRun(request().post("/optional?ref=" + ref), 200);

        assertThat(db().countExecutions("optional", ref)).as("runs").isEqualTo(2);
    }

    @Test
    public void optionalKeyEndpointWithKey_isIdempotent() {
        String key = newKey();
        String ref = newRef();
        Response first = post(key, "/optional?ref=" + ref);
        assertFreshRun(first, 200);

        assertReplayOf(post(key, "/optional?ref=" + ref), first);
        assertThat(db().countExecutions("optional", ref)).as("runs").isEqualTo(1);
    }

    @Test
    public void disabledEndpoint_runsEveryTimeWithOrWithoutKey() {
        String key = newKey();
        String ref = newRef();

        assertFreshRun(post(key, "/disabled?ref=" + ref), 200);
        assertFreshRun(post(key, "/disabled?ref=" + ref), 200);
        assertFreshRun(request().post("/disabled?ref=" + ref), 200);

        assertThat(db().countExecutions("disabled", ref)).as("runs").isEqualTo(3);
    }
}
