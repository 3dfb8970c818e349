package dev.idem.it.suite;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.response.Response;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Time limits: a record lives for its TTL, an in-flight claim for its lease. */
public class ExpiryContract extends ContractSupport {

    /** The TTL of {@code /ttl} and the lease of {@code /lease/slow}, as the application declares them. */
    private static final Duration TTL = Duration.ofSeconds(2);
    private static final Duration LEASE = Duration.ofSeconds(1);

    @Test
    public void afterTheTtl_theKeyIsNewAgain() {
        String key = newKey();
        String ref = newRef();
        Response first = post(key, "/ttl?ref=" + ref);
        assertFreshRun(first, 200);
        assertReplayOf(post(key, "/ttl?ref=" + ref), first);

        pause(TTL.plusMillis(500));
        Response afterTtl = post(key, "/ttl?ref=" + ref);

        assertFreshRun(afterTtl, 200);
        assertThat(afterTtl.asByteArray()).as("body of the new run").isNotEqualTo(first.asByteArray());
        assertThat(db().countExecutions("ttl", ref)).as("runs").isEqualTo(2);
    }

    @Test
    public void expiredLease_isTakenOverAndTheLateFirstCompletionIsRefused() {
        String key = newKey();
        String ref = newRef();
        // The first run sleeps 3 s, far beyond its 1 s lease; later runs answer at once.
        String path = "/lease/slow?ms=3000&ref=" + ref;
        CompletableFuture<Response> first = inBackground(() -> post(key, path));
        db().awaitExecutions("lease-slow", ref, 1, PATIENCE);

        assertProblem(post(key, path), 409, IN_FLIGHT);

        pause(LEASE.plusMillis(500));
        assertThat(first).as("the first request, past its lease").isNotDone();
        Response takeover = post(key, path);
        assertFreshRun(takeover, 200);
        assertThat(takeover.jsonPath().getInt("run")).as("run of the takeover").isEqualTo(2);

        Response lateFirst = await(first);
        assertThat(lateFirst.header(REPLAYED_HEADER)).as(REPLAYED_HEADER + " on the late first").isNull();

        Response retry = post(key, path);
        assertReplayOf(retry, takeover);
        assertThat(db().countExecutions("lease-slow", ref)).as("runs").isEqualTo(2);
    }
}
