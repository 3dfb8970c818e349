package dev.idem.it.suite;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

/** A first request runs once; every retry with its key gets the first response back, byte for byte. */
public class ReplayContract extends ContractSupport {

    @Test
    public void firstRequestWithNewKey_runsAndAnswersUnchanged() {
        String ref = newRef();

        Response first = postOrder(newKey(), ref, 42);

        assertFreshRun(first, 201);
        assertThat(first.header("Location")).as("Location").matches(".*/orders/[0-9]+");
        assertThat(first.header("Content-Type")).as("Content-Type").startsWith("application/json");
        assertThat(first.header("X-Not-Replayed")).as("a header off the allow-list, on the first run").isEqualTo("yes");
        assertThat(first.header("Set-Cookie")).as("Set-Cookie on the first run").startsWith("idem-it-session=");
        assertThat(first.jsonPath().getString("ref")).isEqualTo(ref);
        assertThat(db().countOrders(ref)).as("orders placed").isEqualTo(1);
    }

    @Test
    public void retryAfterCompletion_replaysStatusAllowListedHeadersAndExactBody() {
        String key = newKey();
        String ref = newRef();
        Response first = postOrder(key, ref, 42);
        assertFreshRun(first, 201);

        Response replay = postOrder(key, ref, 42);

        assertReplayOf(replay, first);
        assertThat(replay.header("X-Not-Replayed")).as("a header off the allow-list, on a replay").isNull();
        assertThat(replay.header("Set-Cookie")).as("Set-Cookie on a replay").isNull();
        assertThat(db().countOrders(ref)).as("orders placed").isEqualTo(1);
    }

    @Test
    public void everyLaterRetry_replaysTheSameBytesAgain() {
        String key = newKey();
        String ref = newRef();
        Response first = postOrder(key, ref, 7);

        for (int retry = 0; retry < 3; retry++) {
            assertReplayOf(postOrder(key, ref, 7), first);
        }
        assertThat(db().countOrders(ref)).as("orders placed").isEqualTo(1);
    }

    @Test
    public void clientErrorAnswer_isRecordedAndReplayed() {
        String key = newKey();
        String ref = newRef();
        Response first = post(key, "/orders/invalid?ref=" + ref);
        assertFreshRun(first, 400);

        Response replay = post(key, "/orders/invalid?ref=" + ref);

        assertReplayOf(replay, first);
        assertThat(db().countExecutions("orders-invalid", ref)).as("runs").isEqualTo(1);
    }

    @Test
    public void sameQueryParametersInAnotherOrder_areTheSameRequest() {
        String key = newKey();
        String ref = newRef();
        Response first = withKey(key).post("/orders/from-query?ref=" + ref + "&amount=5");
        assertFreshRun(first, 201);

        Response replay = withKey(key).post("/orders/from-query?amount=5&ref=" + ref);

        assertReplayOf(replay, first);
        assertThat(db().countOrders(ref)).as("orders placed").isEqualTo(1);
    }

    @Test
    public void sfStringKeyAndTheSameBareToken_areOneKey() {
        String token = newKey();
        String ref = newRef();
        Response first = postOrder("\"" + token + "\"", ref, 3);
        assertFreshRun(first, 201);

        assertReplayOf(postOrder(token, ref, 3), first);
        assertReplayOf(postOrder("\"" + token + "\"", ref, 3), first);
        assertThat(db().countOrders(ref)).as("orders placed").isEqualTo(1);
    }

    @Test
    public void bareTokenKeyAndItsSfStringForm_areOneKey() {
        String token = newKey();
        String ref = newRef();
        Response first = postOrder(token, ref, 3);
        assertFreshRun(first, 201);

        assertReplayOf(postOrder("\"" + token + "\"", ref, 3), first);
        assertThat(db().countOrders(ref)).as("orders placed").isEqualTo(1);
    }
}
