package dev.idem.internal.engine;

import static dev.idem.internal.engine.EngineHarness.proceeds;
import static dev.idem.internal.engine.EngineHarness.replays;
import static org.assertj.core.api.Assertions.assertThat;

import dev.idem.spi.RecordState;
import dev.idem.spi.StoredResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** SPEC rows: which outcomes are recorded, which release the key, which headers are kept. */
class RecordingTest {
    @RegisterExtension
    final LogCapture log = new LogCapture();
    private final EngineHarness h = new EngineHarness();
    private final Settings settings = SettingsBuilder.settings().build();
    private final TestRequest request = TestRequest.post();

    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = {500, 502, 503, 599})
    void serverError_releasesTheKey_soARetryRunsAgain(int status) {
        Lease first = proceeds(h.begin(request, settings));
        h.engine.finish(first, status, Map.of(), new byte[] {'e'}, 1);

        assertThat(h.store.peek(first.id())).isEmpty();
        proceeds(h.begin(request, settings));
    }

    @Test
    void serverError_withStoreServerErrors_isRecordedAndReplayed() {
        Settings keep = SettingsBuilder.settings().storeServerErrors().build();
        h.engine.finish(proceeds(h.begin(request, keep)), 503, Map.of(), new byte[] {'e'}, 1);

        assertThat(replays(h.begin(request, keep)).status()).isEqualTo(503);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = {200, 201, 202, 204, 301, 303, 304, 400, 404, 409, 422, 499})
    void successRedirectAndClientError_areRecordedAndReplayed(int status) {
        Lease first = proceeds(h.begin(request, settings));
        h.engine.finish(first, status, Map.of(), new byte[] {'b'}, 1);

        assertThat(h.recordOf(first.id()).state()).isEqualTo(RecordState.DONE);
        StoredResponse replayed = replays(h.begin(request, settings));
        assertThat(replayed.status()).isEqualTo(status);
        assertThat(replayed.body()).containsExactly('b');
    }

    @Test
    void finishedRecord_expiresOneTtlAfterFinishing() {
        Lease first = proceeds(h.begin(request, settings));
        h.clock.advance(java.time.Duration.ofSeconds(30));
        h.finishCreated(first, "{}");

        assertThat(h.recordOf(first.id()).expiresAt()).isEqualTo(h.clock.instant().plus(settings.ttl()));
    }

    @Test
    void byDefault_onlyTheAllowListedResponseHeadersAreRecorded() {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Content-Type", List.of("application/json"));
        headers.put("X-Internal-Trace", List.of("abc"));
        headers.put("Location", List.of("/orders/42"));
        headers.put("Set-Cookie", List.of("session=s3cr3t"));
        headers.put("Content-Location", List.of("/orders/42"));
        headers.put("Link", List.of("</orders>; rel=up"));
        headers.put("ETag", List.of("\"v1\""));
        headers.put("Last-Modified", List.of("Wed, 01 Jan 2025 00:00:00 GMT"));
        headers.put("Cache-Control", List.of("no-store"));

        h.engine.finish(proceeds(h.begin(request, settings)), 201, headers, new byte[0], 0);

        assertThat(replays(h.begin(request, settings)).headers()).containsOnlyKeys(
                "Content-Type", "Location", "Content-Location", "Link", "ETag", "Last-Modified");
    }

    @Test
    void allowListMatchesHeaderNamesCaseInsensitively_andKeepsTheirSpelling() {
        Map<String, List<String>> headers = Map.of("content-TYPE", List.of("text/plain"));

        h.engine.finish(proceeds(h.begin(request, settings)), 200, headers, new byte[0], 0);

        assertThat(replays(h.begin(request, settings)).headers()).containsExactly(
                Map.entry("content-TYPE", List.of("text/plain")));
    }

    @Test
    void setCookieAndAuthorization_areNeverStored_evenWhenAllowListed() {
        Settings careless = SettingsBuilder.settings()
                .replayHeaders("Set-Cookie", "Authorization", "WWW-Authenticate", "X-Trace").build();
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Set-Cookie", List.of("session=s3cr3t"));
        headers.put("authorization", List.of("Bearer t0k3n"));
        headers.put("WWW-Authenticate", List.of("Bearer"));
        headers.put("X-Trace", List.of("abc"));

        h.engine.finish(proceeds(h.begin(request, careless)), 200, headers, new byte[0], 0);

        assertThat(replays(h.begin(request, careless)).headers()).containsOnlyKeys("X-Trace");
    }

    @Test
    void responseBodyOverMaxBodySize_isNotRecordedAndTheKeyIsReleased() {
        Settings small = SettingsBuilder.settings().maxBodySize(8).build();
        Lease first = proceeds(h.begin(request.withBodyOfSize(8), small));

        h.engine.finish(first, 200, Map.of(), new byte[9], 9);

        assertThat(h.store.peek(first.id())).isEmpty();
        proceeds(h.begin(request.withBodyOfSize(8), small));
    }

    @Test
    void responseBodyOverMaxBodySize_logsAWarningNamingTheKeyButNotTheBody() {
        Settings small = SettingsBuilder.settings().maxBodySize(8).build();
        Lease first = proceeds(h.begin(request.withBodyOfSize(8), small));

        h.engine.finish(first, 200, Map.of(), "SECRETBODY".getBytes(), 10);

        assertThat(log.warnings()).singleElement().asString()
                .contains(TestRequest.KEY).doesNotContain("SECRETBODY");
    }

    @Test
    void responseBodyOfExactlyMaxBodySize_isRecorded() {
        Settings small = SettingsBuilder.settings().maxBodySize(8).build();
        TestRequest fits = request.withBodyOfSize(8);
        h.engine.finish(proceeds(h.begin(fits, small)), 200, Map.of(), new byte[8], 8);

        assertThat(replays(h.begin(fits, small)).body()).hasSize(8);
    }

    @Test
    void abandon_releasesTheKey_soARetryRunsAgain() {
        Lease first = proceeds(h.begin(request, settings));

        h.engine.abandon(first, "the operation threw");

        assertThat(h.store.peek(first.id())).isEmpty();
        proceeds(h.begin(request, settings));
    }

    @Test
    void abandonOversized_releasesTheKey_soARetryRunsAgain() {
        Lease first = proceeds(h.begin(request, settings));

        h.engine.abandonOversized(first);

        proceeds(h.begin(request, settings));
    }

    @Test
    void requestBodyOverMaxBodySize_isRejectedWith413AndNothingIsStored() {
        Settings small = SettingsBuilder.settings().maxBodySize(10).build();

        Decision.Reject reject = EngineHarness.rejects(h.begin(request.withBodyOfSize(11), small),
                Problem.BODY_TOO_LARGE);

        assertThat(reject.problem().status()).isEqualTo(413);
        assertThat(h.store.totalCalls()).isZero();
    }

    @Test
    void requestBodyOfExactlyMaxBodySize_proceeds() {
        Settings small = SettingsBuilder.settings().maxBodySize(10).build();

        proceeds(h.begin(request.withBodyOfSize(10), small));
    }
}
