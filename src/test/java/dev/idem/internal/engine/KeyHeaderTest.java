package dev.idem.internal.engine;

import static dev.idem.internal.engine.EngineHarness.bypasses;
import static dev.idem.internal.engine.EngineHarness.proceeds;
import static dev.idem.internal.engine.EngineHarness.rejects;
import static dev.idem.internal.engine.EngineHarness.replays;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** SPEC rows: key missing, key malformed; and the key syntax (bare token or RFC 8941 sf-string). */
class KeyHeaderTest {
    private static final String TOKEN_16 = "a1b2c3d4e5f6g7h8";

    private final EngineHarness h = new EngineHarness();
    private final Settings settings = SettingsBuilder.settings().build();
    private final TestRequest request = TestRequest.post();

    @Test
    void missingKey_whenRequired_isRejectedWith400AndNothingIsStored() {
        Decision.Reject reject = rejects(h.begin(request.withoutHeader("Idempotency-Key"), settings),
                Problem.KEY_MISSING);

        assertThat(reject.problem().status()).isEqualTo(400);
        assertThat(reject.detail()).contains("Idempotency-Key");
        assertThat(h.store.totalCalls()).isZero();
    }

    @Test
    void headerPresentWithoutAnyValue_countsAsMissing() {
        rejects(h.begin(request.withHeader("Idempotency-Key"), settings), Problem.KEY_MISSING);
    }

    @Test
    void missingKey_whenNotRequired_runsWithoutIdempotency() {
        bypasses(h.begin(request.withoutHeader("Idempotency-Key"), SettingsBuilder.settings().notRequired().build()));

        assertThat(h.store.totalCalls()).isZero();
    }

    @Test
    void malformedKey_whenNotRequired_isStillRejected() {
        Settings optional = SettingsBuilder.settings().notRequired().build();

        rejects(h.begin(request.withKey("too-short"), optional), Problem.KEY_MALFORMED);
    }

    @Test
    void keyIsReadFromTheConfiguredHeader() {
        Settings custom = SettingsBuilder.settings().header("X-Request-Id").build();
        TestRequest withCustom = request.withoutHeader("Idempotency-Key").withHeader("X-Request-Id", TOKEN_16);

        assertThat(proceeds(h.begin(withCustom, custom)).id().key()).isEqualTo(TOKEN_16);
        rejects(h.begin(request, custom), Problem.KEY_MISSING);
    }

    static Stream<Arguments> malformedKeys() {
        return Stream.of(
                Arguments.of("empty", List.of("")),
                Arguments.of("whitespace only", List.of(" \t  ")),
                Arguments.of("too short (15)", List.of("a".repeat(15))),
                Arguments.of("too long (256)", List.of("a".repeat(256))),
                Arguments.of("non-ASCII", List.of("order-7f3a9c2e41\u00e95")),
                Arguments.of("control character", List.of("order-7f3a\u00019c2e41b5")),
                Arguments.of("tab inside", List.of("order-7f3a\t9c2e41b5")),
                Arguments.of("DEL", List.of("order-7f3a\u007f9c2e41b5")),
                Arguments.of("space inside a bare token", List.of("order 7f3a9c2e41b5")),
                Arguments.of("comma", List.of("order-7f3a9c2e41b5,order-7f3a9c2e41b6")),
                Arguments.of("comma-joined values", List.of("order-7f3a9c2e41b5, order-7f3a9c2e41b6")),
                Arguments.of("double quote inside a bare token", List.of("order-7f3a\"9c2e41b5")),
                Arguments.of("two header values", List.of("order-7f3a9c2e41b5", "order-7f3a9c2e41b5")),
                Arguments.of("unterminated sf-string", List.of("\"order-7f3a9c2e41b5")),
                Arguments.of("sf-string ending in an escaped quote", List.of("\"order-7f3a9c2e41b5\\\"")),
                Arguments.of("lone double quote", List.of("\"")),
                Arguments.of("bad escape \\a", List.of("\"order-7f3a9c\\a2e41b5\"")),
                Arguments.of("characters after the closing quote", List.of("\"order-7f3a9c2e41b5\"x")),
                Arguments.of("second sf-string after the first", List.of("\"order-7f3a9c2e41b5\", \"x\"")),
                Arguments.of("non-ASCII inside an sf-string", List.of("\"order-7f3a9c2e41\u00e95\"")),
                Arguments.of("control character inside an sf-string", List.of("\"order-7f3a\u00019c2e41b5\"")),
                Arguments.of("empty sf-string", List.of("\"\"")),
                Arguments.of("sf-string whose content is too short (15)", List.of("\"" + "a".repeat(15) + "\"")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedKeys")
    void malformedKey_isRejectedWith400AndNothingIsStored(String what, List<String> values) {
        Decision.Reject reject = rejects(h.begin(request.withHeader("Idempotency-Key", values.toArray(String[]::new)),
                settings), Problem.KEY_MALFORMED);

        assertThat(reject.problem().status()).isEqualTo(400);
        assertThat(reject.retryAfterSeconds()).isZero();
        assertThat(h.store.totalCalls()).isZero();
    }

    @Test
    void malformedKeyDetail_neverRepeatsTheKey() {
        String tooLong = "secret-" + "s".repeat(300);

        assertThat(rejects(h.begin(request.withKey(tooLong), settings), Problem.KEY_MALFORMED).detail())
                .doesNotContain("secret-");
    }

    @Test
    void keyNotMatchingTheWholePattern_isRejectedWith400() {
        Settings uuids = SettingsBuilder.settings().keyPattern("[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}").build();

        rejects(h.begin(request.withKey("7d444840-9dc0-11d1-b245-5ffdce74fad2-extra"), uuids), Problem.KEY_MALFORMED);
        rejects(h.begin(request.withKey("order-7f3a9c2e41b5"), uuids), Problem.KEY_MALFORMED);
        proceeds(h.begin(request.withKey("7d444840-9dc0-11d1-b245-5ffdce74fad2"), uuids));
    }

    @Test
    void bareTokenOf16Characters_isAccepted() {
        assertThat(proceeds(h.begin(request.withKey(TOKEN_16), settings)).id().key()).isEqualTo(TOKEN_16);
    }

    @Test
    void bareTokenOf255Characters_isAccepted() {
        String longest = "k".repeat(255);

        assertThat(proceeds(h.begin(request.withKey(longest), settings)).id().key()).isEqualTo(longest);
    }

    @Test
    void bareTokenWithPrintablePunctuation_isAccepted() {
        String key = "!#$%&'()*+-./:;<=>?@[\\]^_`{|}~";

        assertThat(proceeds(h.begin(request.withKey(key), settings)).id().key()).isEqualTo(key);
    }

    @Test
    void surroundingSpacesAndTabs_areNotPartOfTheKey() {
        assertThat(proceeds(h.begin(request.withKey(" \t" + TOKEN_16 + "  "), settings)).id().key())
                .isEqualTo(TOKEN_16);
    }

    @Test
    void sfStringWithEscapedQuoteBackslashAndSpaces_isAcceptedAndUnquoted() {
        String header = "\"order 42 \\\"rush\\\" a\\\\b\"";

        assertThat(proceeds(h.begin(request.withKey(header), settings)).id().key())
                .isEqualTo("order 42 \"rush\" a\\b");
    }

    @Test
    void sfStringFormOfAToken_isTheSameKeyAsTheBareToken() {
        Lease bare = proceeds(h.begin(request.withKey(TOKEN_16), settings));
        h.finishCreated(bare, "{\"id\":42}");

        assertThat(replays(h.begin(request.withKey("\"" + TOKEN_16 + "\""), settings)).status()).isEqualTo(201);
        assertThat(IdempotencyKeys.check(List.of("\"" + TOKEN_16 + "\""), settings))
                .isEqualTo(new KeyCheck.Valid(bare.id().key()));
    }
}
