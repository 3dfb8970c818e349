package dev.idem.it.suite;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Idem's administration API ({@code dev.idem.IdempotencyAdmin}) through the test application's
 * {@code /admin/records} resource: look a key up, release it, purge expired records on demand.
 */
public class AdministrationContract extends ContractSupport {

    private static final String ADMIN = "/admin/records";

    @Test
    public void lookupAfterARecordedRequest_showsItDoneWithItsStatus_neverItsBody() {
        String key = newKey();
        Response first = postOrder(key, newRef(), 5);
        assertFreshRun(first, 201);

        List<Map<String, Object>> records = lookup(request().queryParam("key", key));

        assertThat(records).hasSize(1);
        Map<String, Object> record = records.get(0);
        assertThat(record.get("key")).isEqualTo(key);
        assertThat((String) record.get("scope")).matches("[0-9a-f]{64}");
        assertThat(record.get("state")).isEqualTo("DONE");
        assertThat(record.get("status")).isEqualTo(201);
        assertThat(record.get("headerNames")).asList().contains("Content-Type", "Location");
        assertThat(record.get("bodySize")).as("size of the recorded body, decrypted").isEqualTo(first.asByteArray().length);
        assertThat(record.get("readable")).isEqualTo(true);
        assertThat(record.get("expired")).isEqualTo(false);
        assertThat(record).doesNotContainKey("body");
        assertThat(lookup(request().queryParam("key", newKey()))).isEmpty();
    }

    @Test
    public void release_makesTheNextIdenticalRequestRunAgain() {
        String key = newKey();
        String ref = newRef();
        Response first = postOrder(key, ref, 7);
        assertFreshRun(first, 201);
        assertReplayOf(postOrder(key, ref, 7), first);
        assertThat(db().countOrders(ref)).isEqualTo(1);

        assertThat(release(request().queryParam("key", key))).isEqualTo(1);

        assertThat(db().countRecords(key)).isZero();
        Response again = postOrder(key, ref, 7);
        assertFreshRun(again, 201);
        assertThat(db().countOrders(ref)).as("orders placed after the release").isEqualTo(2);
        assertReplayOf(postOrder(key, ref, 7), again);
        assertThat(db().countOrders(ref)).isEqualTo(2);
    }

    @Test
    public void release_leavesARequestThatIsStillRunningAlone() {
        String key = newKey();
        String ref = newRef();
        CompletableFuture<Response> running = inBackground(() -> post(key, "/orders/slow?ms=1500&ref=" + ref));
        db().awaitExecutions("orders-slow", ref, 1, PATIENCE);

        assertThat(release(request().queryParam("key", key))).isZero();
        assertThat(lookup(request().queryParam("key", key))).singleElement()
                .satisfies(record -> assertThat(record.get("state")).isEqualTo("IN_FLIGHT"));

        Response first = await(running);
        assertFreshRun(first, 200);
        assertReplayOf(post(key, "/orders/slow?ms=1500&ref=" + ref), first);
        assertThat(db().countExecutions("orders-slow", ref)).isEqualTo(1);
    }

    @Test
    public void lookupAndReleaseForOneCaller_addressOnlyThatCallersRecord() {
        String key = newKey();
        String ref = newRef();
        Response acme = asAliceForTenant("acme", key, ref);
        Response globex = asAliceForTenant("globex", key, ref);
        assertFreshRun(acme, 201);
        assertFreshRun(globex, 201);
        assertThat(lookup(request().queryParam("key", key))).hasSize(2);

        List<Map<String, Object>> acmeRecords = lookup(forAliceAtAcme(key));
        assertThat(acmeRecords).singleElement().satisfies(record -> assertThat(record.get("status")).isEqualTo(201));
        assertThat(lookup(request().queryParam("key", key).queryParam("principal", "bob").queryParam("tenant", "acme")))
                .as("bob never sent this key").isEmpty();

        assertThat(release(forAliceAtAcme(key))).isEqualTo(1);

        assertThat(lookup(request().queryParam("key", key))).singleElement()
                .satisfies(record -> assertThat(record.get("scope")).isNotEqualTo(acmeRecords.get(0).get("scope")));
        assertFreshRun(asAliceForTenant("acme", key, ref), 201);
        assertReplayOf(asAliceForTenant("globex", key, ref), globex);
        assertThat(db().countOrders(ref)).isEqualTo(3);
    }

    @Test
    public void purge_deletesExpiredRecordsNow_andCountsThem_keepingLiveOnes() {
        String liveKey = newKey();
        String liveRef = newRef();
        Response live = post(liveKey, "/orders/from-query?ref=" + liveRef + "&amount=1");
        assertFreshRun(live, 201);

        // The application also purges in the background every second; an attempt in which it got
        // to the expired records first proves nothing and is made again.
        boolean purgedByTheAdministration = false;
        for (int attempt = 0; attempt < 10 && !purgedByTheAdministration; attempt++) {
            String first = newKey();
            String second = newKey();
            assertFreshRun(post(first, "/orders/from-query?ref=" + newRef() + "&amount=1"), 201);
            assertFreshRun(post(second, "/orders/from-query?ref=" + newRef() + "&amount=1"), 201);
            assertThat(db().tamper("UPDATE idem_record SET expires_at = clock_timestamp() - interval '1 minute'"
                    + " WHERE idem_key IN (?, ?)", first, second)).isEqualTo(2);

            int purged = request().post(ADMIN + "/purge").then().statusCode(200).extract().jsonPath().getInt("purged");

            assertThat(db().countRecords(first) + db().countRecords(second)).as("expired records after the purge").isZero();
            purgedByTheAdministration = purged >= 2;
        }

        assertThat(purgedByTheAdministration).as("the purge deleted and counted both expired records").isTrue();
        assertThat(db().countRecords(liveKey)).isEqualTo(1);
        assertReplayOf(post(liveKey, "/orders/from-query?ref=" + liveRef + "&amount=1"), live);
    }

    private RequestSpecification forAliceAtAcme(String key) {
        return request().queryParam("key", key).queryParam("principal", ScopeContract.ALICE).queryParam("tenant", "acme");
    }

    private Response asAliceForTenant(String tenant, String key, String ref) {
        return withKey(key).auth().preemptive().basic(ScopeContract.ALICE, ScopeContract.ALICE_PASSWORD)
                .header("X-Tenant", tenant)
                .contentType(ContentType.JSON).body(orderJson(ref, 10)).post("/tenant/orders");
    }

    private static List<Map<String, Object>> lookup(RequestSpecification request) {
        JsonPath json = request.get(ADMIN).then().statusCode(200).extract().jsonPath();
        return json.getList("$");
    }

    private static int release(RequestSpecification request) {
        return request.delete(ADMIN).then().statusCode(200).extract().jsonPath().getInt("released");
    }
}
