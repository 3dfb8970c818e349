package dev.idem.it.suite;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

/** The {@code header} and {@code replay.headers} settings, set on the annotation. */
public class HeaderSettingsContract extends ContractSupport {

    @Test
    public void customKeyHeader_carriesTheKey() {
        String key = newKey();
        String ref = newRef();
        Response first = request().header("Request-Key", key).post("/custom-header?ref=" + ref);
        assertFreshRun(first, 200);

        assertReplayOf(request().header("Request-Key", key).post("/custom-header?ref=" + ref), first);
        assertThat(db().countExecutions("custom-header", ref)).as("runs").isEqualTo(1);
    }

    @Test
    public void customKeyHeader_theDefaultHeaderAloneIsAMissingKey() {
        String ref = newRef();

        assertProblem(post(newKey(), "/custom-header?ref=" + ref), 400, KEY_MISSING);
        assertThat(db().countExecutions("custom-header", ref)).as("runs").isZero();
    }

    @Test
    public void replayHeadersList_replacesTheDefaultAllowList() {
        String key = newKey();
        String ref = newRef();
        Response first = post(key, "/replay-headers?ref=" + ref);
        assertFreshRun(first, 201);
        assertThat(first.header("Location")).isNotNull();
        assertThat(first.header("X-Order-Version")).isNotNull();

        Response replay = post(key, "/replay-headers?ref=" + ref);

        assertThat(replay.statusCode()).isEqualTo(201);
        assertThat(replay.header(REPLAYED_HEADER)).isEqualTo("true");
        assertThat(replay.asByteArray()).isEqualTo(first.asByteArray());
        assertThat(replay.header("Content-Type")).isEqualTo(first.header("Content-Type"));
        assertThat(replay.header("X-Order-Version")).as("listed header").isEqualTo(first.header("X-Order-Version"));
        assertThat(replay.header("Location")).as("Location, left off the list").isNull();
        assertThat(db().countExecutions("replay-headers", ref)).as("runs").isEqualTo(1);
    }
}
