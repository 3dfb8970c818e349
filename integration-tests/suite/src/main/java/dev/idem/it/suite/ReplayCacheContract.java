package dev.idem.it.suite;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

/**
 * The in-memory replay cache (on by default, as in both test applications): a record that has
 * been replayed once is replayed again from memory, so, as documented, a row deleted behind
 * Idem's back stays replayable on this instance until it expires or is evicted; the cache still
 * answers a different request under the same key with 422, and another principal never gets it.
 * The row is deleted over JDBC ({@link Database#tamper}), as an operator could.
 */
public class ReplayCacheContract extends ContractSupport {

    @Test
    public void replayedRecord_isReplayedFromMemory_evenOnceItsRowIsDeleted() {
        String key = newKey();
        String ref = newRef();
        Response first = postOrder(key, ref, 21);
        assertFreshRun(first, 201);
        assertReplayOf(postOrder(key, ref, 21), first); // read from the database, now held in memory

        assertThat(db().tamper("DELETE FROM idem_record WHERE idem_key = ?", key)).as("rows deleted").isEqualTo(1);

        assertReplayOf(postOrder(key, ref, 21), first);
        assertThat(db().countOrders(ref)).as("orders placed").isEqualTo(1);
        assertThat(db().countRecords(key)).as("records of the key").isZero();
    }

    @Test
    public void cachedRecord_stillRefusesADifferentRequestWith422() {
        String key = newKey();
        String ref = newRef();
        Response first = postOrder(key, ref, 22);
        assertFreshRun(first, 201);
        assertReplayOf(postOrder(key, ref, 22), first);

        assertProblem(postOrder(key, ref, 23), 422, KEY_REUSED);
        assertProblem(postOrder(key, newRef(), 22), 422, KEY_REUSED);
        assertThat(db().countOrders(ref)).as("orders placed").isEqualTo(1);
    }

    @Test
    public void cachedRecord_isNeverServedToAnotherPrincipal() {
        String key = newKey();
        String ref = newRef();
        Response first = asUser("alice", "alice-secret", key, ref);
        assertFreshRun(first, 201);
        assertReplayOf(asUser("alice", "alice-secret", key, ref), first);

        Response bobs = asUser("bob", "bob-secret", key, ref);

        assertFreshRun(bobs, 201);
        assertThat(bobs.asByteArray()).as("bob's body").isNotEqualTo(first.asByteArray());
        assertThat(db().countOrders(ref)).as("orders placed, one per principal").isEqualTo(2);
    }

    private Response asUser(String user, String password, String key, String ref) {
        return withKey(key).auth().preemptive().basic(user, password)
                .contentType("application/json").body(orderJson(ref, 24)).post("/secure/orders");
    }
}
