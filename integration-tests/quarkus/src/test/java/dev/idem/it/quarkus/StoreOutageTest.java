package dev.idem.it.quarkus;

import org.junit.jupiter.api.Tag;
import static org.assertj.core.api.Assertions.assertThat;

import dev.idem.it.suite.ContractSupport;
import dev.idem.it.suite.PrometheusText;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The idempotency store goes away while the application runs: the database is stopped and
 * started again on the same port. {@code /memory/*} never touches the database itself, so what
 * happens there is Idem's doing alone.
 */
@Tag("reliability")
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
class StoreOutageTest extends ContractSupport {
    private static final String CLOSED = "dev.idem.it.app.MemoryResource/failClosed";
    private static final String OPEN = "dev.idem.it.app.MemoryResource/failOpen";

    @Inject
    AgroalDataSource dataSource;

    @AfterEach
    void bringTheDatabaseBack() {
        TestDatabase.restart();
        // Leave no connection to the stopped server behind for the tests that follow.
        dataSource.flush(AgroalDataSource.FlushMode.ALL);
    }

    @Test
    void failClosed_storeDown_answers503WithRetryAfterAndNothingRuns() {
        String ref = newRef();
        PrometheusText before = PrometheusText.scrape();
        TestDatabase.stop();

        Response response = post(newKey(), "/memory/closed?ref=" + ref);

        assertProblem(response, 503, STORE_UNAVAILABLE);
        assertRetryAfterSeconds(response.header("Retry-After"));
        assertThat(runs(ref)).as("runs").isZero();
        assertThat(PrometheusText.scrape().outcomes(CLOSED, "store_failure") - before.outcomes(CLOSED, "store_failure"))
                .as("store_failure counted").isEqualTo(1);
    }

    @Test
    void failOpen_storeDown_runsWithoutIdempotencyAndWarnsNamingTheKey() {
        String key = newKey();
        String ref = newRef();
        PrometheusText before = PrometheusText.scrape();
        TestDatabase.stop();

        try (CapturedLog log = CapturedLog.start()) {
            Response first = post(key, "/memory/open?ref=" + ref);
            Response second = post(key, "/memory/open?ref=" + ref);

            assertFreshRun(first, 200);
            assertFreshRun(second, 200);
            assertThat(runs(ref)).as("runs").isEqualTo(2);
            assertThat(log.warnings()).as("WARN log lines").anyMatch(line -> line.contains(key));
            assertThat(PrometheusText.scrape().outcomes(OPEN, "fail_open") - before.outcomes(OPEN, "fail_open"))
                    .as("fail_open counted").isEqualTo(2);
        }
    }

    @Test
    void storeBackOnTheSamePort_requestsAreIdempotentAgain() {
        TestDatabase.stop();
        assertProblem(post(newKey(), "/memory/closed?ref=" + newRef()), 503, STORE_UNAVAILABLE);

        TestDatabase.restart();

        String ref = newRef();
        String key = null;
        Response first = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (first == null) {
            String candidate = newKey();
            Response response = post(candidate, "/memory/closed?ref=" + ref);
            if (response.statusCode() != 503) {
                key = candidate;
                first = response;
            } else {
                assertThat(System.nanoTime()).as("still 503 thirty seconds after the restart").isLessThan(deadline);
                pause(Duration.ofMillis(200));
            }
        }
        assertFreshRun(first, 200);
        assertReplayOf(post(key, "/memory/closed?ref=" + ref), first);
        assertThat(runs(ref)).as("runs").isEqualTo(1);
    }

    private long runs(String ref) {
        return Long.parseLong(request().get("/memory/count?ref=" + ref).asString().trim());
    }
}
