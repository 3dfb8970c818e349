package dev.idem.it.suite;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

/**
 * A key is scoped to its caller: the principal's name and the configured scope headers. The
 * runtime defines the Basic users {@code alice} and {@code bob} (role {@code user}) with the
 * passwords below, and scopes {@code /tenant/orders} by {@code X-Tenant}.
 */
public class ScopeContract extends ContractSupport {

    public static final String ALICE = "alice";
    public static final String ALICE_PASSWORD = "alice-secret";
    public static final String BOB = "bob";
    public static final String BOB_PASSWORD = "bob-secret";

    @Test
    public void sameKeyFromTwoPrincipals_runsOncePerPrincipal() {
        String key = newKey();
        String ref = newRef();

        Response alice = asUser(ALICE, ALICE_PASSWORD, key, ref);
        Response bob = asUser(BOB, BOB_PASSWORD, key, ref);

        assertFreshRun(alice, 201);
        assertFreshRun(bob, 201);
        assertThat(alice.jsonPath().getString("principal")).isEqualTo(ALICE);
        assertThat(bob.jsonPath().getString("principal")).isEqualTo(BOB);
        assertThat(db().countOrders(ref)).as("orders placed").isEqualTo(2);
        assertReplayOf(asUser(ALICE, ALICE_PASSWORD, key, ref), alice);
        assertReplayOf(asUser(BOB, BOB_PASSWORD, key, ref), bob);
        assertThat(db().countOrders(ref)).as("orders placed").isEqualTo(2);
    }

    @Test
    public void sameKeyFromTwoTenants_runsOncePerTenant() {
        String key = newKey();
        String ref = newRef();

        Response red = forTenant("red", key, ref);
        Response blue = forTenant("blue", key, ref);

        assertFreshRun(red, 201);
        assertFreshRun(blue, 201);
        assertThat(red.asByteArray()).isNotEqualTo(blue.asByteArray());
        assertThat(db().countOrders(ref)).as("orders placed").isEqualTo(2);
        assertReplayOf(forTenant("red", key, ref), red);
        assertReplayOf(forTenant("blue", key, ref), blue);
        assertThat(db().countOrders(ref)).as("orders placed").isEqualTo(2);
    }

    private Response asUser(String user, String password, String key, String ref) {
        return withKey(key).auth().preemptive().basic(user, password)
                .contentType(ContentType.JSON).body(orderJson(ref, 10)).post("/secure/orders");
    }

    private Response forTenant(String tenant, String key, String ref) {
        return withKey(key).header("X-Tenant", tenant)
                .contentType(ContentType.JSON).body(orderJson(ref, 10)).post("/tenant/orders");
    }
}
