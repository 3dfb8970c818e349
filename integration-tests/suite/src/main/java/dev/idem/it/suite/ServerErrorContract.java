package dev.idem.it.suite;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

/**
 * A first execution that ends in a server error keeps nothing: the retry runs again, and its
 * outcome is the one recorded. The {@code /fail/*} endpoints fail their first run only.
 */
public class ServerErrorContract extends ContractSupport {

    @Test
    public void returned500_releasesTheKeyAndTheRetryRunsAgain() {
        assertRetryRunsAgain("/fail/status", "fail-status");
    }

    @Test
    public void unhandledException_releasesTheKeyAndTheRetryRunsAgain() {
        assertRetryRunsAgain("/fail/throw", "fail-throw");
    }

    @Test
    public void storeServerErrorsOnTheEndpoint_records500AndReplaysIt() {
        String key = newKey();
        String ref = newRef();
        String path = "/fail/stored?failures=1&ref=" + ref;
        Response first = post(key, path);
        assertFreshRun(first, 500);

        Response replay = post(key, path);

        assertReplayOf(replay, first);
        assertThat(db().countExecutions("fail-stored", ref)).as("runs").isEqualTo(1);
    }

    private void assertRetryRunsAgain(String path, String endpoint) {
        String key = newKey();
        String ref = newRef();
        String request = path + "?failures=1&ref=" + ref;
        assertThat(post(key, request).statusCode()).as("status of the failing first run").isEqualTo(500);
        assertThat(db().countExecutions(endpoint, ref)).as("runs after the first request").isEqualTo(1);

        Response retry = post(key, request);

        assertFreshRun(retry, 200);
        assertThat(db().countExecutions(endpoint, ref)).as("runs after the retry").isEqualTo(2);
        assertReplayOf(post(key, request), retry);
        assertThat(db().countExecutions(endpoint, ref)).as("runs after a retry of the successful run").isEqualTo(2);
    }
}
