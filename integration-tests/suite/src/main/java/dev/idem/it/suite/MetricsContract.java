package dev.idem.it.suite;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Every decision is counted in {@code idem.outcomes} (tags {@code outcome} and {@code method}) and
 * every store call timed in {@code idem.store} (tag {@code operation}), visible on the runtime's
 * Prometheus endpoint: {@code it.metrics-url}, by default {@code /q/metrics} at the application's
 * origin (Quarkus). The application is shared with other tests, so counts are compared before and
 * after.
 */
public class MetricsContract extends ContractSupport {
    static final String STORE_COUNT = "idem_store_seconds_count";
    static final String ORDERS = "dev.idem.it.app.OrderResource/create";
    static final String SLOW_ORDERS = "dev.idem.it.app.OrderResource/createSlowly";
    static final String CHARGE = "dev.idem.it.app.PaymentService/charge";

    @Test
    public void httpOutcomes_executedReplayedReusedRejected_areCountedPerMethod() {
        String key = newKey();
        String ref = newRef();
        PrometheusText before = scrape();

        assertFreshRun(postOrder(key, ref, 100), 201);
        assertThat(postOrder(key, ref, 100).header(REPLAYED_HEADER)).isEqualTo("true");
        assertThat(postOrder(key, ref, 100).header(REPLAYED_HEADER)).isEqualTo("true");
        assertProblem(postOrder(key, ref, 999), 422, KEY_REUSED);
        assertProblem(request().contentType(ContentType.JSON).body(orderJson(newRef(), 1)).post("/orders"),
                400, KEY_MISSING);
        assertProblem(postOrder("short", newRef(), 1), 400, KEY_MALFORMED);

        PrometheusText after = scrape();
        assertThat(delta(before, after, ORDERS, "executed")).as("executed").isEqualTo(1);
        assertThat(delta(before, after, ORDERS, "replayed")).as("replayed").isEqualTo(2);
        assertThat(delta(before, after, ORDERS, "key_reused")).as("key_reused").isEqualTo(1);
        assertThat(delta(before, after, ORDERS, "key_rejected")).as("key_rejected").isEqualTo(2);
        assertThat(delta(before, after, ORDERS, "in_flight")).as("in_flight").isZero();
    }

    @Test
    public void retryWhileTheFirstRuns_isCountedInFlight() {
        String key = newKey();
        String ref = newRef();
        String path = "/orders/slow?ms=2000&ref=" + ref;
        PrometheusText before = scrape();

        CompletableFuture<Response> first = inBackground(() -> post(key, path));
        db().awaitExecutions("orders-slow", ref, 1, PATIENCE);
        assertProblem(post(key, path), 409, IN_FLIGHT);
        assertFreshRun(await(first), 200);

        PrometheusText after = scrape();
        assertThat(delta(before, after, SLOW_ORDERS, "executed")).as("executed").isEqualTo(1);
        assertThat(delta(before, after, SLOW_ORDERS, "in_flight")).as("in_flight").isEqualTo(1);
    }

    @Test
    public void cdiMethodOutcomes_areCountedToo() {
        String key = newKey();
        String ref = newRef();
        PrometheusText before = scrape();

        request().post("/cdi/charge?key=" + key + "&ref=" + ref + "&amount=42").then().statusCode(200);
        request().post("/cdi/charge?key=" + key + "&ref=" + ref + "&amount=42").then().statusCode(200);
        request().post("/cdi/charge?ref=" + ref + "&amount=42").then().statusCode(200);

        PrometheusText after = scrape();
        assertThat(delta(before, after, CHARGE, "executed")).as("executed").isEqualTo(1);
        assertThat(delta(before, after, CHARGE, "replayed")).as("replayed").isEqualTo(1);
        assertThat(delta(before, after, CHARGE, "key_rejected")).as("null key").isEqualTo(1);
    }

    @Test
    public void storeCalls_areTimedPerOperation() {
        PrometheusText before = scrape();

        String key = newKey();
        String ref = newRef();
        assertFreshRun(postOrder(key, ref, 5), 201);
        assertThat(postOrder(key, ref, 5).header(REPLAYED_HEADER)).isEqualTo("true");

        PrometheusText after = scrape();
        assertThat(after.has(STORE_COUNT)).as("the idem.store timer in:%n%s", after).isTrue();
        // The first request claims and completes; the retry's claim reads the recorded response in
        // the same statement (the default store claims and reads at once), so it is timed as a claim.
        assertThat(storeCount(after, "claim") - storeCount(before, "claim"))
                .as("timed claim calls").isGreaterThanOrEqualTo(2);
        assertThat(storeCount(after, "complete") - storeCount(before, "complete"))
                .as("timed complete calls").isGreaterThanOrEqualTo(1);
    }

    private static double storeCount(PrometheusText scrape, String operation) {
        return scrape.sum(STORE_COUNT, Map.of("operation", operation));
    }

    private static double delta(PrometheusText before, PrometheusText after, String method, String outcome) {
        return after.outcomes(method, outcome) - before.outcomes(method, outcome);
    }

    protected PrometheusText scrape() {
        return PrometheusText.scrape();
    }
}
