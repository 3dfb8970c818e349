package dev.idem.internal.config;

import static dev.idem.internal.config.MapConfig.CLASS;
import static dev.idem.internal.config.MapConfig.METHOD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.idem.Idempotent;
import dev.idem.internal.engine.FailureMode;
import dev.idem.internal.engine.InFlightMode;
import dev.idem.internal.engine.Settings;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Each annotation member feeds its own setting; bad members fail naming {@code @Idempotent(member)}. */
class AnnotationMembersTest {

    @Idempotent(header = "X-Request-Id", required = false, ttl = "PT2H", lease = "PT30S", inFlight = "wait",
            inFlightMaxWait = "PT3S", keyMinLength = 8, keyMaxLength = 64, keyPattern = "[a-z0-9-]+",
            scopeHeaders = {"X-Tenant", "X-Org"}, replayHeaders = {"Content-Type", "X-Trace"}, maxBodySize = 2048,
            storeServerErrors = true, failureMode = "fail-open", enabled = false)
    static class EveryMember {
    }

    @SuppressWarnings("unused")
    static class TwoValues {
        @Idempotent(required = {true, false})
        void required() {
        }

        @Idempotent(keyMinLength = {16, 20})
        void keyMinLength() {
        }

        @Idempotent(keyMaxLength = {64, 128})
        void keyMaxLength() {
        }

        @Idempotent(maxBodySize = {1024, 2048})
        void maxBodySize() {
        }

        @Idempotent(storeServerErrors = {false, true})
        void storeServerErrors() {
        }

        @Idempotent(enabled = {true, false})
        void enabled() {
        }
    }

    @SuppressWarnings("unused")
    static class BadValues {
        @Idempotent(ttl = "PT-1S")
        void ttl() {
        }

        @Idempotent(inFlight = "sometimes")
        void inFlight() {
        }

        @Idempotent(keyPattern = "[")
        void keyPattern() {
        }

        @Idempotent(keyMinLength = 0)
        void keyMinLength() {
        }

        @Idempotent(replayHeaders = {"Content-Type", "Set-Cookie"})
        void replayHeaders() {
        }

        @Idempotent(failureMode = "sometimes")
        void failureMode() {
        }

        @Idempotent(header = "Idempotency Key")
        void header() {
        }
    }

    private static Settings resolve(Idempotent annotation) {
        return new MapConfig().resolver().resolve(CLASS, METHOD, annotation);
    }

    private static Idempotent on(Class<?> type, String method) throws NoSuchMethodException {
        return type.getDeclaredMethod(method).getAnnotation(Idempotent.class);
    }

    @Test
    void everyMember_setsItsOwnSetting() {
        Settings s = resolve(EveryMember.class.getAnnotation(Idempotent.class));

        assertThat(s.header()).isEqualTo("X-Request-Id");
        assertThat(s.required()).isFalse();
        assertThat(s.ttl()).isEqualTo(Duration.ofHours(2));
        assertThat(s.lease()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.inFlight()).isEqualTo(InFlightMode.WAIT);
        assertThat(s.inFlightMaxWait()).isEqualTo(Duration.ofSeconds(3));
        assertThat(s.keyMinLength()).isEqualTo(8);
        assertThat(s.keyMaxLength()).isEqualTo(64);
        assertThat(s.keyPattern().pattern()).isEqualTo("[a-z0-9-]+");
        assertThat(s.scopeHeaders()).containsExactly("X-Tenant", "X-Org");
        assertThat(s.replayHeaders()).containsExactlyInAnyOrder("content-type", "x-trace");
        assertThat(s.maxBodySize()).isEqualTo(2048L);
        assertThat(s.storeServerErrors()).isTrue();
        assertThat(s.failureMode()).isEqualTo(FailureMode.FAIL_OPEN);
        assertThat(s.enabled()).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"required", "keyMinLength", "keyMaxLength", "maxBodySize", "storeServerErrors", "enabled"})
    void arrayMemberWithTwoValues_failsNamingTheMember(String member) throws Exception {
        Idempotent annotation = on(TwoValues.class, member);

        assertThatThrownBy(() -> resolve(annotation))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("@Idempotent(" + member + ")")
                .hasMessageContaining(MapConfig.TARGET);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "ttl|PT-1S",
        "inFlight|sometimes",
        "keyPattern|[",
        "keyMinLength|0",
        "replayHeaders|Content-Type,Set-Cookie",
        "failureMode|sometimes",
        "header|Idempotency Key"})
    void invalidMemberValue_failsNamingTheMemberAndTheValue(String member, String value) throws Exception {
        Idempotent annotation = on(BadValues.class, member);

        assertThatThrownBy(() -> resolve(annotation))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("Invalid @Idempotent(" + member + ") on " + MapConfig.TARGET + ": ")
                .hasMessageEndingWith(", was " + value);
    }
}
