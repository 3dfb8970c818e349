package dev.idem.it.suite;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

/** A key belongs to one request: reusing it for another method, path, query or body is a 422. */
public class RequestMismatchContract extends ContractSupport {

    @Test
    public void sameKeyDifferentBody_isRejectedWith422AndNothingRuns() {
        String key = newKey();
        String ref = newRef();
        Response first = postOrder(key, ref, 1);
        assertFreshRun(first, 201);

        Response reused = postOrder(key, ref, 2);

        assertProblem(reused, 422, KEY_REUSED);
        assertThat(db().countOrders(ref)).as("orders placed").isEqualTo(1);
        assertReplayOf(postOrder(key, ref, 1), first);
    }

    @Test
    public void sameKeyDifferentPath_isRejectedWith422AndNothingRuns() {
        String key = newKey();
        String ref = newRef();
        String body = orderJson(ref, 1);
        assertFreshRun(withKey(key).contentType(ContentType.JSON).body(body).post("/orders/tagged/red"), 201);

        Response reused = withKey(key).contentType(ContentType.JSON).body(body).post("/orders/tagged/blue");

        assertProblem(reused, 422, KEY_REUSED);
        assertThat(db().countOrders(ref)).as("orders placed").isEqualTo(1);
    }

    @Test
    public void sameKeyDifferentQuery_isRejectedWith422AndNothingRuns() {
        String key = newKey();
        String ref = newRef();
        assertFreshRun(withKey(key).post("/orders/from-query?ref=" + ref + "&amount=1"), 201);

        Response reused = withKey(key).post("/orders/from-query?ref=" + ref + "&amount=2");

        assertProblem(reused, 422, KEY_REUSED);
        assertThat(db().countOrders(ref)).as("orders placed").isEqualTo(1);
    }

    @Test
    public void sameKeyExtraQueryParameter_isRejectedWith422AndNothingRuns() {
        String key = newKey();
        String ref = newRef();
        String body = orderJson(ref, 1);
        assertFreshRun(withKey(key).contentType(ContentType.JSON).body(body).post("/orders?channel=web"), 201);

        Response reused = withKey(key).contentType(ContentType.JSON).body(body).post("/orders?channel=app");

        assertProblem(reused, 422, KEY_REUSED);
        assertThat(db().countOrders(ref)).as("orders placed").isEqualTo(1);
    }

    @Test
    public void sameKeyDifferentMethod_isRejectedWith422AndNothingRuns() {
        String key = newKey();
        String ref = newRef();
        String body = orderJson(ref, 1);
        assertFreshRun(withKey(key).contentType(ContentType.JSON).body(body).post("/orders"), 201);

        Response reused = withKey(key).contentType(ContentType.JSON).body(body).put("/orders");

        assertProblem(reused, 422, KEY_REUSED);
        assertThat(db().countOrders(ref)).as("orders placed").isEqualTo(1);
    }
}
