package dev.idem.it.suite;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * {@code @Idempotent} on CDI bean methods that are not resources ({@code PaymentService}), keyed
 * by an {@code @IdempotencyKey} parameter. The unannotated {@code /cdi/*} resource calls them and
 * reports, always with 200, what came back: the value with the simple names of its Java types,
 * or the exception's simple class name and message. Each run of a method is counted in
 * {@code it_execution} under {@code pay-<method>}; each {@code Receipt} carries an
 * {@code execution} id new on every run, so a replay is told apart from a second run.
 */
public class CdiMethodContract extends ContractSupport {

    @Test
    public void objectReturnValue_isReplayedAsAnInstanceOfTheDeclaredType() {
        String key = newKey();
        String ref = newRef();

        JsonPath first = cdi("/charge?key=" + key + "&ref=" + ref + "&amount=42");

        assertReturned(first, "Receipt");
        assertThat(first.getString("value.ref")).as("receipt ref").isEqualTo(ref);
        assertThat(first.getLong("value.amount")).as("receipt amount").isEqualTo(42);
        assertThat(db().countRecords(key)).as("records of the key").isEqualTo(1);

        JsonPath replay = cdi("/charge?key=" + key + "&ref=" + ref + "&amount=42");

        assertReturned(replay, "Receipt");
        assertThat(replay.getMap("value")).as("replayed receipt, execution included").isEqualTo(first.getMap("value"));
        assertThat(db().countExecutions("pay-charge", ref)).as("runs").isEqualTo(1);
    }

    @Test
    public void genericCollection_isReplayedAsAListOfItsElementType() {
        String key = newKey();
        String ref = newRef();
        String call = "/charge-all?key=" + key + "&refs=" + ref + "," + ref + "-b," + ref + "-c&amount=7";

        JsonPath first = cdi(call);

        assertReturned(first, "ArrayList");
        assertThat(first.getList("elementTypes", String.class)).containsExactly("Receipt", "Receipt", "Receipt");

        JsonPath replay = cdi(call);

        assertThat(replay.getString("outcome")).as("outcome; %s", replay.prettify()).isEqualTo("returned");
        assertThat(replay.getBoolean("list")).as("the replay is a java.util.List; %s", replay.prettify()).isTrue();
        assertThat(replay.getList("elementTypes", String.class)).as("types of the replayed elements")
                .containsExactly("Receipt", "Receipt", "Receipt");
        assertThat(replay.getList("value")).as("replayed receipts, executions included").isEqualTo(first.getList("value"));
        assertThat(db().countExecutions("pay-charge-all", ref)).as("runs").isEqualTo(1);
    }

    @Test
    public void presentOptional_isReplayedAsAnOptionalHoldingTheValue() {
        String key = newKey();
        String ref = newRef();

        JsonPath first = cdi("/lookup?key=" + key + "&ref=" + ref + "&present=true");

        assertReturned(first, "Optional");
        assertThat(first.getBoolean("present")).as("present").isTrue();
        assertThat(first.getString("valueType")).as("type of the value").isEqualTo("Receipt");

        JsonPath replay = cdi("/lookup?key=" + key + "&ref=" + ref + "&present=true");

        assertReturned(replay, "Optional");
        assertThat(replay.getBoolean("present")).as("present on replay").isTrue();
        assertThat(replay.getString("valueType")).as("type of the replayed value").isEqualTo("Receipt");
        assertThat(replay.getMap("value")).as("replayed receipt, execution included").isEqualTo(first.getMap("value"));
        assertThat(db().countExecutions("pay-lookup", ref)).as("runs").isEqualTo(1);
    }

    @Test
    public void emptyOptional_isReplayedAsAnEmptyOptional() {
        String key = newKey();
        String ref = newRef();

        JsonPath first = cdi("/lookup?key=" + key + "&ref=" + ref + "&present=false");

        assertReturned(first, "Optional");
        assertThat(first.getBoolean("present")).as("present").isFalse();

        JsonPath replay = cdi("/lookup?key=" + key + "&ref=" + ref + "&present=false");

        assertReturned(replay, "Optional");
        assertThat(replay.getBoolean("present")).as("present on replay").isFalse();
        assertThat(db().countExecutions("pay-lookup", ref)).as("runs").isEqualTo(1);
    }

    @Test
    public void voidMethod_runsOncePerKey() {
        String key = newKey();
        String ref = newRef();

        assertThat(cdi("/notify?key=" + key + "&ref=" + ref).getString("outcome")).isEqualTo("returned");
        assertThat(cdi("/notify?key=" + key + "&ref=" + ref).getString("outcome")).isEqualTo("returned");
        assertThat(cdi("/notify?key=" + key + "&ref=" + ref).getString("outcome")).isEqualTo("returned");

        assertThat(db().countExecutions("pay-notify", ref)).as("runs with one key").isEqualTo(1);
        assertThat(db().countRecords(key)).as("records of the key").isEqualTo(1);

        cdi("/notify?key=" + newKey() + "&ref=" + ref);
        assertThat(db().countExecutions("pay-notify", ref)).as("runs after a call with another key").isEqualTo(2);
    }

    @Test
    public void uuidKey_isKeyedByItsStringForm() {
        UUID key = UUID.randomUUID();
        String ref = newRef();

        JsonPath first = cdi("/charge-uuid?key=" + key + "&ref=" + ref + "&amount=9");
        JsonPath replay = cdi("/charge-uuid?key=" + key + "&ref=" + ref + "&amount=9");

        assertReturned(first, "Receipt");
        assertReturned(replay, "Receipt");
        assertThat(replay.getMap("value")).as("replayed receipt, execution included").isEqualTo(first.getMap("value"));
        assertThat(db().countExecutions("pay-uuid", ref)).as("runs").isEqualTo(1);
        assertThat(db().countRecords(key.toString())).as("records under the UUID's string form").isEqualTo(1);

        assertReturned(cdi("/charge-uuid?key=" + UUID.randomUUID() + "&ref=" + ref + "&amount=9"), "Receipt");
        assertThat(db().countExecutions("pay-uuid", ref)).as("runs after a call with another UUID").isEqualTo(2);
    }

    @Test
    public void sameKeyWithOtherArguments_isRejectedWithKeyReusedAndNothingRuns() {
        String key = newKey();
        String ref = newRef();
        String otherRef = newRef();
        JsonPath first = cdi("/charge?key=" + key + "&ref=" + ref + "&amount=10");
        assertReturned(first, "Receipt");

        assertThrown(cdi("/charge?key=" + key + "&ref=" + ref + "&amount=11"), "IdempotencyKeyReusedException");
        assertThrown(cdi("/charge?key=" + key + "&ref=" + otherRef + "&amount=10"), "IdempotencyKeyReusedException");

        assertThat(db().countExecutions("pay-charge", ref)).as("runs for the first ref").isEqualTo(1);
        assertThat(db().countExecutions("pay-charge", otherRef)).as("runs for the other ref").isZero();
        JsonPath replay = cdi("/charge?key=" + key + "&ref=" + ref + "&amount=10");
        assertReturned(replay, "Receipt");
        assertThat(replay.getMap("value")).as("the first arguments still replay the first receipt")
                .isEqualTo(first.getMap("value"));
        assertThat(db().countExecutions("pay-charge", ref)).as("runs").isEqualTo(1);
    }

    @Test
    public void unrecordedException_isRethrownUnchangedAndReleasesTheKey() {
        String key = newKey();
        String ref = newRef();

        JsonPath failed = cdi("/flaky?key=" + key + "&ref=" + ref);

        assertThrown(failed, "IllegalStateException");
        assertThat(failed.getString("class")).as("exception class").isEqualTo("java.lang.IllegalStateException");
        assertThat(failed.getString("message")).as("exception message").isEqualTo("flaky failure for " + ref);
        assertThat(failed.getBoolean("sameInstance")).as("the caller got the very instance the method threw").isTrue();
        assertThat(db().countRecords(key)).as("records of the key after the exception").isZero();

        JsonPath retry = cdi("/flaky?key=" + key + "&ref=" + ref);

        assertReturned(retry, "Receipt");
        assertThat(db().countExecutions("pay-flaky", ref)).as("runs after the retry").isEqualTo(2);
        JsonPath replay = cdi("/flaky?key=" + key + "&ref=" + ref);
        assertReturned(replay, "Receipt");
        assertThat(replay.getMap("value")).as("replay of the successful retry").isEqualTo(retry.getMap("value"));
        assertThat(db().countExecutions("pay-flaky", ref)).as("runs after a retry of the successful run").isEqualTo(2);
    }

    @Test
    public void recordedException_isRethrownOnReplayWithItsTypeAndMessage_withoutRunning() {
        String key = newKey();
        String ref = newRef();

        JsonPath first = cdi("/decline?key=" + key + "&ref=" + ref);

        assertThrown(first, "PaymentDeclinedException");
        assertThat(first.getString("message")).as("message").startsWith("card declined for " + ref);

        for (int retry = 0; retry < 2; retry++) {
            JsonPath replay = cdi("/decline?key=" + key + "&ref=" + ref);
            assertThrown(replay, "PaymentDeclinedException");
            assertThat(replay.getString("class")).as("replayed exception class").isEqualTo(first.getString("class"));
            assertThat(replay.getString("message")).as("replayed message, decision id included")
                    .isEqualTo(first.getString("message"));
        }
        assertThat(db().countExecutions("pay-decline", ref)).as("runs").isEqualTo(1);
        assertThat(db().countRecords(key)).as("records of the key").isEqualTo(1);
    }

    @Test
    public void exceptionTypeRecordedByConfiguration_isRethrownOnReplayWithoutRunning() {
        String key = newKey();
        String ref = newRef();

        JsonPath first = cdi("/decline-configured?key=" + key + "&ref=" + ref);
        JsonPath replay = cdi("/decline-configured?key=" + key + "&ref=" + ref);

        assertThrown(first, "PaymentDeclinedException");
        assertThrown(replay, "PaymentDeclinedException");
        assertThat(replay.getString("message")).as("replayed message, decision id included")
                .isEqualTo(first.getString("message"));
        assertThat(db().countExecutions("pay-decline-configured", ref)).as("runs").isEqualTo(1);
    }

    @Test
    public void sameKeyWhileTheFirstCallRuns_throwsInFlightWithRetryAfter() {
        String key = newKey();
        String ref = newRef();
        String call = "/slow-charge?key=" + key + "&ref=" + ref + "&ms=2000";
        CompletableFuture<Response> first = inBackground(() -> request().post("/cdi" + call));
        db().awaitExecutions("pay-slow", ref, 1, PATIENCE);

        JsonPath racing = cdi(call);

        assertThrown(racing, "IdempotencyInFlightException");
        assertThat(racing.getLong("retryAfter")).as("retryAfterSeconds()").isGreaterThanOrEqualTo(1);
        JsonPath firstResult = json(await(first));
        assertReturned(firstResult, "Receipt");
        JsonPath replay = cdi(call);
        assertReturned(replay, "Receipt");
        assertThat(replay.getMap("value")).as("replay of the first call").isEqualTo(firstResult.getMap("value"));
        assertThat(db().countExecutions("pay-slow", ref)).as("runs").isEqualTo(1);
    }

    @Test
    public void missingKey_isRejectedWithKeyInvalidAndNothingRuns() {
        String ref = newRef();

        assertThrown(cdi("/charge?ref=" + ref + "&amount=1"), "IdempotencyKeyInvalidException");
        assertThrown(cdi("/charge-uuid?ref=" + ref + "&amount=1"), "IdempotencyKeyInvalidException");

        assertThat(db().countExecutions("pay-charge", ref)).as("runs").isZero();
        assertThat(db().countExecutions("pay-uuid", ref)).as("runs").isZero();
    }

    @Test
    public void malformedKey_isRejectedWithKeyInvalidAndNothingRuns() {
        String ref = newRef();

        assertThrown(cdi("/charge?key=" + keyOfLength(15) + "&ref=" + ref + "&amount=1"), "IdempotencyKeyInvalidException");
        assertThrown(cdi("/charge?key=" + keyOfLength(256) + "&ref=" + ref + "&amount=1"), "IdempotencyKeyInvalidException");

        assertThat(db().countExecutions("pay-charge", ref)).as("runs").isZero();
    }

    @Test
    public void sameTransactionMethod_failureAfterTheInsert_leavesNoRowAndNoRecord_andTheRetryRunsOnce() {
        String key = newKey();
        String ref = newRef();

        JsonPath failed = cdi("/charge-in-transaction?key=" + key + "&ref=" + ref + "&amount=5&fail=true");

        assertThrown(failed, "IllegalStateException");
        assertThat(failed.getString("message")).as("message").startsWith("deliberate failure after placing order");
        assertThat(db().countExecutions("pay-tx", ref)).as("runs after the failure").isEqualTo(1);
        assertThat(db().countOrders(ref)).as("orders left by the failed call").isZero();
        assertThat(db().countRecords(key)).as("records of the key left by the failed call").isZero();

        JsonPath retry = cdi("/charge-in-transaction?key=" + key + "&ref=" + ref + "&amount=5&fail=false");

        assertReturned(retry, "Receipt");
        assertThat(db().countExecutions("pay-tx", ref)).as("runs after the retry").isEqualTo(2);
        assertThat(db().countOrders(ref)).as("orders after the retry").isEqualTo(1);
        assertThat(db().countRecords(key)).as("records of the key after the retry").isEqualTo(1);

        JsonPath replay = cdi("/charge-in-transaction?key=" + key + "&ref=" + ref + "&amount=5&fail=false");
        assertReturned(replay, "Receipt");
        assertThat(replay.getMap("value")).as("replay of the retry").isEqualTo(retry.getMap("value"));
        assertThat(db().countExecutions("pay-tx", ref)).as("runs after a repeat of the retry").isEqualTo(2);
        assertThat(db().countOrders(ref)).as("orders after a repeat of the retry").isEqualTo(1);
    }

    @Test
    public void sameTransactionMethod_concurrentDuplicates_placeOneOrderAndAllGetItsReceiptOrInFlight() {
        String key = newKey();
        String ref = newRef();

        List<Burst.Reply> replies = Burst.post("/cdi/charge-in-transaction?key=" + key + "&ref=" + ref + "&amount=3",
                Map.of(), 16, PATIENCE);

        List<String> executions = new ArrayList<>();
        List<Burst.Reply> unexpected = new ArrayList<>();
        for (Burst.Reply reply : replies) {
            JsonPath result = reply.status() == 200 ? new JsonPath(reply.bodyText()) : null;
            if (result != null && "returned".equals(result.getString("outcome")) && "Receipt".equals(result.getString("type"))) {
                executions.add(result.getString("value.execution"));
            } else if (result == null || !"IdempotencyInFlightException".equals(result.getString("exception"))) {
                unexpected.add(reply);
            }
        }
        assertThat(unexpected).as("answers other than the receipt or an in-flight exception").isEmpty();
        assertThat(executions).as("receipts").isNotEmpty();
        assertThat(executions.stream().distinct().toList()).as("distinct executions among the receipts").hasSize(1);
        assertThat(db().countExecutions("pay-tx", ref)).as("runs").isEqualTo(1);
        assertThat(db().countOrders(ref)).as("orders placed").isEqualTo(1);
    }

    @Test
    public void sameTransactionMethod_callerRollsBackAfterItReturned_leavesNoRowAndNoRecord_andTheRetryRunsOnce() {
        String key = newKey();
        String ref = newRef();

        JsonPath failed = cdi("/checkout?key=" + key + "&ref=" + ref + "&amount=8&ms=0&fail=true");

        assertThrown(failed, "IllegalStateException");
        assertThat(failed.getString("message")).as("message").startsWith("checkout failed after charge");
        assertThat(db().countExecutions("pay-joined", ref)).as("runs after the caller's rollback").isEqualTo(1);
        assertThat(db().countOrders(ref)).as("orders left by the rolled-back caller").isZero();
        assertThat(db().countRecords(key)).as("records of the key left by the rolled-back caller").isZero();

        JsonPath retry = cdi("/checkout?key=" + key + "&ref=" + ref + "&amount=8&ms=0&fail=false");

        assertReturned(retry, "Receipt");
        assertThat(db().countExecutions("pay-joined", ref)).as("runs after the retry").isEqualTo(2);
        assertThat(db().countOrders(ref)).as("orders after the retry").isEqualTo(1);
        JsonPath replay = cdi("/checkout?key=" + key + "&ref=" + ref + "&amount=8&ms=0&fail=false");
        assertReturned(replay, "Receipt");
        assertThat(replay.getMap("value")).as("replay of the retry").isEqualTo(retry.getMap("value"));
        assertThat(db().countExecutions("pay-joined", ref)).as("runs after a repeat of the retry").isEqualTo(2);
        assertThat(db().countOrders(ref)).as("orders after a repeat of the retry").isEqualTo(1);
    }

    @Test
    public void separateModeMethod_inTheCallersTransaction_keepsItsRecordWhenTheCallerRollsBack_andTheRetryIsAReplay() {
        String key = newKey();
        String ref = newRef();

        JsonPath failed = cdi("/checkout-separately?key=" + key + "&ref=" + ref + "&amount=6&fail=true");

        assertThrown(failed, "IllegalStateException");
        String execution = failed.getString("message").replace("checkout failed after charge ", "");
        assertThat(db().countExecutions("pay-charge", ref)).as("runs").isEqualTo(1);
        assertThat(db().countRecords(key)).as("records of the key after the caller's rollback").isEqualTo(1);

        JsonPath retry = cdi("/checkout-separately?key=" + key + "&ref=" + ref + "&amount=6&fail=false");

        assertReturned(retry, "Receipt");
        assertThat(retry.getString("value.execution")).as("the retry's receipt is the first run's").isEqualTo(execution);
        assertThat(db().countExecutions("pay-charge", ref)).as("runs after the retry").isEqualTo(1);
    }

    @Test
    public void sameTransactionMethod_duplicateWhileTheCallersTransactionIsOpen_waitsAndGetsTheReplay() {
        String key = newKey();
        String ref = newRef();
        CompletableFuture<Response> first = inBackground(
                () -> request().post("/cdi/checkout?key=" + key + "&ref=" + ref + "&amount=4&ms=2000&fail=false"));
        db().awaitExecutions("pay-joined", ref, 1, PATIENCE);
        pause(Duration.ofMillis(300));

        assertThat(db().countOrders(ref)).as("committed orders while the caller's transaction is open").isZero();
        assertThat(db().countRecords(key)).as("committed records while the caller's transaction is open").isZero();
        assertThat(first).as("the first call, still running").isNotDone();

        JsonPath duplicate = cdi("/checkout?key=" + key + "&ref=" + ref + "&amount=4&ms=0&fail=false");

        JsonPath firstResult = json(await(first));
        assertReturned(firstResult, "Receipt");
        assertReturned(duplicate, "Receipt");
        assertThat(duplicate.getMap("value")).as("the duplicate's receipt, execution included")
                .isEqualTo(firstResult.getMap("value"));
        assertThat(db().countExecutions("pay-joined", ref)).as("runs").isEqualTo(1);
        assertThat(db().countOrders(ref)).as("orders placed").isEqualTo(1);
    }

    @Test
    public void classLevelSameTransactionMode_coversAnInheritedMethod_refusedOutsideATransaction() {
        String key = newKey();
        String ref = newRef();

        JsonPath refused = cdi("/inherited-refund?key=" + key + "&ref=" + ref + "&amount=2");

        assertThrown(refused, "IllegalStateException");
        assertThat(db().countExecutions("pay-refund", ref)).as("runs").isZero();
        assertThat(db().countOrders(ref)).as("orders placed").isZero();
    }

    @Test
    public void sameTransactionMethodWithoutATransaction_isRefusedWithIllegalStateAndNothingRuns() {
        String key = newKey();
        String ref = newRef();

        JsonPath refused = cdi("/charge-outside-transaction?key=" + key + "&ref=" + ref + "&amount=1");

        assertThrown(refused, "IllegalStateException");
        assertThat(db().countExecutions("pay-no-tx", ref)).as("runs").isZero();
        assertThat(db().countOrders(ref)).as("orders placed").isZero();
        assertThat(db().countRecords(key)).as("records of the key").isZero();
    }

    @Test
    public void resourceMethodWithAKeyParameter_isClaimedOnceByTheRequestFilterAlone() {
        String key = newKey();
        String ref = newRef();

        Response first = post(key, "/key-parameter?ref=" + ref);

        assertFreshRun(first, 200);
        assertThat(db().countRecords(key)).as("records of the key, in any scope").isEqualTo(1);
        assertReplayOf(post(key, "/key-parameter?ref=" + ref), first);
        assertThat(db().countExecutions("key-parameter", ref)).as("runs").isEqualTo(1);
    }

    /** {@code POST /cdi<call>}: the report of what the method returned or threw. */
    private JsonPath cdi(String call) {
        return json(request().post("/cdi" + call));
    }

    private static JsonPath json(Response response) {
        assertThat(response.statusCode()).as("status of the /cdi report; body: %s", response.asString()).isEqualTo(200);
        return response.jsonPath();
    }

    private static void assertReturned(JsonPath result, String type) {
        assertThat(result.getString("outcome")).as("outcome; %s", result.prettify()).isEqualTo("returned");
        assertThat(result.getString("type")).as("Java type of the returned value; %s", result.prettify()).isEqualTo(type);
    }

    private static void assertThrown(JsonPath result, String exception) {
        assertThat(result.getString("outcome")).as("outcome; %s", result.prettify()).isEqualTo("thrown");
        assertThat(result.getString("exception")).as("exception; %s", result.prettify()).isEqualTo(exception);
        assertThat(Objects.requireNonNullElse(result.getString("message"), "")).as("message").isNotBlank();
    }
}
