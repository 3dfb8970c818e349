package dev.idem.it.suite;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Bodies beyond {@code max-body-size} (1024 bytes on {@code /limited}): a request is refused, a
 * response is not recorded; nor is a streamed response, whatever its size.
 */
public class BodyLimitContract extends ContractSupport {

    private static final int LIMIT = 1024;

    @Test
    public void requestBodyOverTheLimit_isRejectedWith413AndLeavesNoRecord() {
        String key = newKey();
        String ref = newRef();

        Response tooLarge = echo(key, ref, LIMIT + 1);

        assertProblem(tooLarge, 413, BODY_TOO_LARGE);
        assertThat(db().countExecutions("limited-echo", ref)).as("runs").isZero();
        // No record was left behind: the same key with an acceptable body is a new request.
        assertFreshRun(echo(key, ref, 10), 200);
        assertThat(db().countExecutions("limited-echo", ref)).as("runs").isEqualTo(1);
    }

    @Test
    public void requestBodyAtTheLimit_runsAndIsReplayed() {
        String key = newKey();
        String ref = newRef();
        Response first = echo(key, ref, LIMIT);
        assertFreshRun(first, 200);
        assertThat(first.asByteArray()).hasSize(LIMIT);

        assertReplayOf(echo(key, ref, LIMIT), first);
        assertThat(db().countExecutions("limited-echo", ref)).as("runs").isEqualTo(1);
    }

    @Test
    public void responseBodyOverTheLimit_isAnsweredButNotRecorded() {
        String key = newKey();
        String ref = newRef();
        String path = "/limited/produce?size=" + (4 * LIMIT) + "&ref=" + ref;
        Response first = post(key, path);
        assertFreshRun(first, 200);
        assertThat(first.asByteArray()).hasSize(4 * LIMIT);

        Response retry = post(key, path);

        assertFreshRun(retry, 200);
        assertThat(retry.asByteArray()).hasSize(4 * LIMIT).isNotEqualTo(first.asByteArray());
        assertThat(db().countExecutions("limited-produce", ref)).as("runs").isEqualTo(2);
    }

    @Test
    public void responseBodyUnderTheLimit_isRecordedAndReplayed() {
        String key = newKey();
        String ref = newRef();
        String path = "/limited/produce?size=" + (LIMIT / 2) + "&ref=" + ref;
        Response first = post(key, path);
        assertFreshRun(first, 200);

        assertReplayOf(post(key, path), first);
        assertThat(db().countExecutions("limited-produce", ref)).as("runs").isEqualTo(1);
    }

    @Test
    public void streamedResponseBody_isAnsweredButNotRecorded() {
        String key = newKey();
        String ref = newRef();
        Response first = post(key, "/stream?ref=" + ref);
        assertFreshRun(first, 200);
        assertThat(first.jsonPath().getString("ref")).isEqualTo(ref);

        Response retry = post(key, "/stream?ref=" + ref);

        assertFreshRun(retry, 200);
        assertThat(db().countExecutions("stream", ref)).as("runs").isEqualTo(2);
    }

    private Response echo(String key, String ref, int size) {
        byte[] body = new byte[size];
        Arrays.fill(body, (byte) 'b');
        return withKey(key).contentType(ContentType.BINARY).body(body).post("/limited/echo?ref=" + ref);
    }
}
