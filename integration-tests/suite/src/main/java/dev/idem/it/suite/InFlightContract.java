package dev.idem.it.suite;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.response.Response;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** A retry that arrives while the first request still runs: refused with 409, or in wait mode, replayed. */
public class InFlightContract extends ContractSupport {

    @Test
    public void sameKeyWhileFirstIsRunning_isRejectedWith409AndRetryAfter() {
        String key = newKey();
        String ref = newRef();
        String path = "/orders/slow?ms=2000&ref=" + ref;
        CompletableFuture<Response> first = inBackground(() -> post(key, path));
        db().awaitExecutions("orders-slow", ref, 1, PATIENCE);

        Response racing = post(key, path);

        assertProblem(racing, 409, IN_FLIGHT);
        assertRetryAfterSeconds(racing.header("Retry-After"));
        assertThat(db().countExecutions("orders-slow", ref)).as("runs while the first is in flight").isEqualTo(1);

        Response firstResponse = await(first);
        assertFreshRun(firstResponse, 200);
        assertReplayOf(post(key, path), firstResponse);
        assertThat(db().countExecutions("orders-slow", ref)).as("runs").isEqualTo(1);
        assertThat(db().countOrders(ref)).as("orders placed").isEqualTo(1);
    }

    @Test
    public void waitMode_racingRequestWaitsAndReplaysTheFirstResponse() {
        String key = newKey();
        String ref = newRef();
        String path = "/wait/slow?ms=1500&ref=" + ref;
        CompletableFuture<Response> first = inBackground(() -> post(key, path));
        db().awaitExecutions("wait-slow", ref, 1, PATIENCE);

        Response racing = post(key, path);

        Response firstResponse = await(first);
        assertFreshRun(firstResponse, 200);
        assertReplayOf(racing, firstResponse);
        assertThat(db().countExecutions("wait-slow", ref)).as("runs").isEqualTo(1);
    }
}
