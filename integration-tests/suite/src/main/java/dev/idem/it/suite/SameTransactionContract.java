package dev.idem.it.suite;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Same-transaction mode on a JAX-RS resource ({@code /tx/orders}, {@code @Idempotent(transaction
 * = "same")}): Idem's claim, the business row ({@code it_order}) and the recorded response
 * commit or roll back together. Runs are counted in {@code it_execution}, written in transactions
 * of their own, so they survive a rollback.
 */
public class SameTransactionContract extends ContractSupport {

    private static final int STORM_KEYS = 8;
    private static final int STORM_COPIES = 20;

    @Test
    public void firstRun_commitsOneRow_andTheRetryReplaysTheExactBytesTheClientReceived() {
        String key = newKey();
        String ref = newRef();

        Response first = postTxOrder(key, ref, 42);

        assertFreshRun(first, 201);
        assertThat(first.header("Location")).as("Location").matches(".*/tx/orders/[0-9]+");
        assertThat(first.jsonPath().getString("ref")).isEqualTo(ref);
        assertThat(db().countOrders(ref)).as("orders placed").isEqualTo(1);
        assertThat(db().countRecords(key)).as("records of the key").isEqualTo(1);

        Response replay = postTxOrder(key, ref, 42);

        assertReplayOf(replay, first);
        assertReplayOf(postTxOrder(key, ref, 42), first);
        assertThat(db().countExecutions("tx-orders", ref)).as("runs").isEqualTo(1);
        assertThat(db().countOrders(ref)).as("orders placed").isEqualTo(1);
    }

    @Test
    public void exceptionAfterTheInsert_rollsBackTheRowAndTheRecord_andTheRetryRunsOnce() {
        assertFailedRunLeavesNothing("/tx/orders/fail-after-insert", "tx-orders-fail");
    }

    @Test
    public void exceptionFromATransactionalMethodThatJoinedIdemsTransaction_rollsBackTheRowAndTheRecord_andTheRetryRunsOnce() {
        assertFailedRunLeavesNothing("/tx/orders/fail-transactional", "tx-orders-fail-transactional");
    }

    @Test
    public void serverErrorResponseAfterTheInsert_rollsBackTheRowAndTheRecord_andTheRetryRunsOnce() {
        assertFailedRunLeavesNothing("/tx/orders/status-500", "tx-orders-500");
    }

    @Test
    public void transactionThatCannotCommit_answers503InsteadOfTheResponse_andLeavesNothing() {
        String key = newKey();
        String ref = newRef();
        String request = "/tx/orders/rollback-only?ref=" + ref;

        Response failed = post(key, request);

        assertProblem(failed, 503, STORE_UNAVAILABLE);
        assertThat(db().countExecutions("tx-orders-rollback-only", ref)).as("runs after the failed commit").isEqualTo(1);
        assertThat(db().countOrders(ref)).as("orders left by the failed commit").isZero();
        assertThat(db().countRecords(key)).as("records of the key left by the failed commit").isZero();

        Response retry = post(key, request);

        assertFreshRun(retry, 201);
        assertReplayOf(post(key, request), retry);
        assertThat(db().countExecutions("tx-orders-rollback-only", ref)).as("runs").isEqualTo(2);
        assertThat(db().countOrders(ref)).as("orders placed").isEqualTo(1);
    }

    @Test
    public void sameTransactionModeFromConfiguration_rollsBackTheRowWithTheFailedRun() {
        String key = newKey();
        String ref = newRef();
        String request = "/tx/configured/fail-after-insert?ref=" + ref;

        assertThat(post(key, request).statusCode()).as("status of the failing first run").isEqualTo(500);
        assertThat(db().countExecutions("tx-configured-fail", ref)).as("runs after the failing request").isEqualTo(1);
        assertThat(db().countOrders(ref)).as("orders left by the failing run").isZero();
        assertThat(db().countRecords(key)).as("records of the key left by the failing run").isZero();

        Response retry = post(key, request);

        assertFreshRun(retry, 201);
        assertReplayOf(post(key, request), retry);
        assertThat(db().countExecutions("tx-configured-fail", ref)).as("runs").isEqualTo(2);
        assertThat(db().countOrders(ref)).as("orders placed").isEqualTo(1);
    }

    @Test
    public void duplicateWhileTheFirstTransactionIsOpen_waitsForItAndGetsTheReplay() {
        String key = newKey();
        String ref = newRef();
        String path = "/tx/orders/slow?ms=2000&ref=" + ref;
        CompletableFuture<Response> first = inBackground(() -> post(key, path));
        db().awaitExecutions("tx-orders-slow", ref, 1, PATIENCE);
        pause(Duration.ofMillis(300));

        assertThat(db().countOrders(ref)).as("committed orders while the first transaction is open").isZero();
        assertThat(db().countRecords(key)).as("committed records while the first transaction is open").isZero();
        assertThat(first).as("the first request, still running").isNotDone();

        Response duplicate = post(key, path);

        Response firstResponse = await(first);
        assertFreshRun(firstResponse, 200);
        assertReplayOf(duplicate, firstResponse);
        assertThat(db().countExecutions("tx-orders-slow", ref)).as("runs").isEqualTo(1);
        assertThat(db().countOrders(ref)).as("orders placed").isEqualTo(1);
    }

    /**
     * A separate-mode endpoint ({@code POST /orders}) takes the same key while a same-transaction
     * request holds it: whichever records first keeps the key (on Hibernate ORM the separate one,
     * which takes no lock, so the same-transaction request's work rolls back; on EclipseLink the
     * same-transaction one, whose uncommitted row holds the other back), the other is told the key
     * was used for a different request, and exactly one order is kept.
     */
    @Test
    public void separateModeRequestWithTheSameKey_whileTheFirstTransactionIsOpen_keepsExactlyOneExecution() {
        String key = newKey();
        String txRef = newRef();
        String separateRef = newRef();
        String txPath = "/tx/orders/slow?ms=1500&ref=" + txRef;
        CompletableFuture<Response> sameTx = inBackground(() -> post(key, txPath));
        db().awaitExecutions("tx-orders-slow", txRef, 1, PATIENCE);

        CompletableFuture<Response> separate = inBackground(() -> postOrder(key, separateRef, 7));
        Response txResponse = await(sameTx);
        Response separateResponse = await(separate);

        boolean txKept = txResponse.statusCode() == 200;
        Response kept = txKept ? txResponse : separateResponse;
        Response refused = txKept ? separateResponse : txResponse;
        assertFreshRun(kept, txKept ? 200 : 201);
        assertProblem(refused, 422, KEY_REUSED);
        assertThat(db().countOrders(txRef)).as("orders of the same-transaction request").isEqualTo(txKept ? 1 : 0);
        assertThat(db().countOrders(separateRef)).as("orders of the separate-mode request").isEqualTo(txKept ? 0 : 1);
        assertThat(db().countRecords(key)).as("records").isEqualTo(1);
        Response retry = txKept ? post(key, txPath) : postOrder(key, separateRef, 7);
        assertReplayOf(retry, kept);
    }

    @Test
    public void stormOfConcurrentDuplicates_placesOneOrderPerKey_andEveryOtherCallerGetsTheReplayOr409() {
        List<String> failures = new ArrayList<>();
        for (int k = 0; k < STORM_KEYS; k++) {
            String key = newKey();
            String ref = newRef();

            List<Burst.Reply> replies = Burst.post("/tx/orders/slow?ms=300&ref=" + ref, Map.of(KEY_HEADER, key),
                    STORM_COPIES, PATIENCE);

            failures.addAll(stormFailures(key, ref, replies));
        }
        assertThat(failures).as("what went wrong in the storm of %d keys x %d duplicates", STORM_KEYS, STORM_COPIES)
                .isEmpty();
    }

    /** Everything that breaks the contract for one key of the storm, described; empty when it holds. */
    private List<String> stormFailures(String key, String ref, List<Burst.Reply> replies) {
        List<String> failures = new ArrayList<>();
        List<Burst.Reply> fresh = replies.stream().filter(r -> r.status() == 200 && r.replayed() == null).toList();
        if (fresh.size() != 1) {
            failures.add(key + ": " + fresh.size() + " first executions instead of 1: " + replies);
        }
        for (Burst.Reply reply : replies) {
            if (reply.status() >= 500) {
                failures.add(key + ": server error " + reply);
            } else if (reply.status() == 409) {
                if (!String.valueOf(reply.contentType()).startsWith(PROBLEM_JSON)
                        || !IN_FLIGHT.equals(new JsonPath(reply.bodyText()).getString("type"))) {
                    failures.add(key + ": 409 that is not an in-flight problem " + reply);
                }
            } else if (reply.replayed() != null && !fresh.isEmpty()) {
                Burst.Reply original = fresh.get(0);
                if (reply.status() != original.status() || !"true".equals(reply.replayed())
                        || !Arrays.equals(reply.body(), original.body())
                        || !String.valueOf(reply.contentType()).equals(String.valueOf(original.contentType()))) {
                    failures.add(key + ": replay " + reply + " differs from the first execution " + original);
                }
            } else if (reply.status() != 200) {
                failures.add(key + ": unexpected answer " + reply);
            }
        }
        long orders = db().countOrders(ref);
        long runs = db().countExecutions("tx-orders-slow", ref);
        long records = db().countRecords(key);
        if (orders != 1 || runs != 1 || records != 1) {
            failures.add(key + ": " + orders + " orders, " + runs + " runs, " + records + " records; expected 1 each");
        }
        return failures;
    }

    /**
     * The endpoint places an order, then fails on its first run for a ref: nothing of it remains,
     * neither the order nor Idem's record; the retry runs, commits one order, and is replayed.
     */
    private void assertFailedRunLeavesNothing(String path, String endpoint) {
        String key = newKey();
        String ref = newRef();
        String request = path + "?ref=" + ref;

        Response failed = post(key, request);

        assertThat(failed.statusCode()).as("status of the failing first run; body: %s", failed.asString()).isEqualTo(500);
        assertThat(failed.header(REPLAYED_HEADER)).as(REPLAYED_HEADER + " on the failing run").isNull();
        assertThat(db().countExecutions(endpoint, ref)).as("runs after the failing request").isEqualTo(1);
        assertThat(db().countOrders(ref)).as("orders left by the failing run").isZero();
        assertThat(db().countRecords(key)).as("records of the key left by the failing run").isZero();

        Response retry = post(key, request);

        assertFreshRun(retry, 201);
        assertThat(retry.header("Location")).as("Location").matches(".*/tx/orders/[0-9]+");
        assertThat(db().countExecutions(endpoint, ref)).as("runs after the retry").isEqualTo(2);
        assertThat(db().countOrders(ref)).as("orders after the retry").isEqualTo(1);
        assertThat(db().countRecords(key)).as("records of the key after the retry").isEqualTo(1);

        assertReplayOf(post(key, request), retry);
        assertThat(db().countExecutions(endpoint, ref)).as("runs after a retry of the successful run").isEqualTo(2);
        assertThat(db().countOrders(ref)).as("orders after a retry of the successful run").isEqualTo(1);
    }

    private Response postTxOrder(String key, String ref, long amount) {
        return withKey(key).contentType(ContentType.JSON).body(orderJson(ref, amount)).post("/tx/orders");
    }
}
