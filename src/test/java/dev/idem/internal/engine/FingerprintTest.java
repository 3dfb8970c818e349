package dev.idem.internal.engine;

import static dev.idem.internal.engine.EngineHarness.proceeds;
import static dev.idem.internal.engine.EngineHarness.rejects;
import static dev.idem.internal.engine.EngineHarness.replays;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What makes two requests with one key "the same request": method, path, sorted query, body. */
class FingerprintTest {
    private final EngineHarness h = new EngineHarness();
    private final Settings settings = SettingsBuilder.settings().build();
    private final TestRequest request = TestRequest.post().withQuery("currency=EUR&express=true");

    @BeforeEach
    void firstRequestFinished() {
        h.finishCreated(proceeds(h.begin(request, settings)), "{\"id\":42}");
    }

    static Stream<Arguments> changes() {
        return Stream.of(
                Arguments.of("method", (UnaryOperator<TestRequest>) r -> r.withMethod("PUT")),
                Arguments.of("path", (UnaryOperator<TestRequest>) r -> r.withPath("/orders/42")),
                Arguments.of("query value", (UnaryOperator<TestRequest>) r -> r.withQuery("currency=USD&express=true")),
                Arguments.of("query parameter added", (UnaryOperator<TestRequest>)
                        r -> r.withQuery("currency=EUR&express=true&x=1")),
                Arguments.of("query removed", (UnaryOperator<TestRequest>) r -> r.withQuery(null)),
                Arguments.of("body", (UnaryOperator<TestRequest>) r -> r.withBody("{\"item\":43}")),
                Arguments.of("body emptied", (UnaryOperator<TestRequest>) r -> r.withBody("")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("changes")
    void sameKeyWithADifferent_isRejectedWith422(String what, UnaryOperator<TestRequest> change) {
        rejects(h.begin(change.apply(request), settings), Problem.KEY_REUSED);
    }

    @Test
    void queryParameterOrder_doesNotMatter() {
        replays(h.begin(request.withQuery("express=true&currency=EUR"), settings));
    }

    @Test
    void bodyBytesBeyondTheCountedLength_areIgnored() {
        byte[] buffer = new byte[256];
        byte[] body = "{\"item\":42}".getBytes(StandardCharsets.UTF_8);
        System.arraycopy(body, 0, buffer, 0, body.length);
        buffer[body.length] = '!';

        replays(h.begin(request.withBody(buffer, body.length), settings));
    }

    @Test
    void headersOtherThanTheKey_doNotMatter() {
        replays(h.begin(request.withHeader("User-Agent", "retrying-client/2"), settings));
    }

    @Test
    void movingBytesBetweenParts_changesTheFingerprint() {
        byte[] b = "b".getBytes(StandardCharsets.UTF_8);

        assertThat(Fingerprints.of("POST", "/a", null, b, 1))
                .isNotEqualTo(Fingerprints.of("POST", "/ab", null, new byte[0], 0))
                .isNotEqualTo(Fingerprints.of("POST", "/a", "b", new byte[0], 0));
    }
}
