package dev.idem.internal.config;

import static dev.idem.internal.config.MapConfig.CLASS;
import static dev.idem.internal.config.MapConfig.METHOD;
import static org.assertj.core.api.Assertions.assertThat;

import dev.idem.Idempotent;
import dev.idem.internal.engine.FailureMode;
import dev.idem.internal.engine.InFlightMode;
import dev.idem.internal.engine.Settings;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every setting's built-in default is the one in SPEC's configuration table. */
class SettingsDefaultsTest {

    @Idempotent
    static class Bare {
    }

    static Stream<Settings> withNothingConfigured() {
        SettingsResolver resolver = new MapConfig().resolver();
        return Stream.of(
                resolver.resolve(CLASS, METHOD, Bare.class.getAnnotation(Idempotent.class)),
                resolver.resolve(CLASS, METHOD, null),
                resolver.resolveGlobal());
    }

    @ParameterizedTest
    @MethodSource("withNothingConfigured")
    void everyDefault_isTheOneInSpec(Settings s) {
        assertThat(s.enabled()).isTrue();
        assertThat(s.header()).isEqualTo("Idempotency-Key");
        assertThat(s.required()).isTrue();
        assertThat(s.ttl()).isEqualTo(Duration.ofHours(24));
        assertThat(s.lease()).isEqualTo(Duration.ofMinutes(1));
        assertThat(s.inFlight()).isEqualTo(InFlightMode.REJECT);
        assertThat(s.inFlightMaxWait()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.keyMinLength()).isEqualTo(16);
        assertThat(s.keyMaxLength()).isEqualTo(255);
        assertThat(s.keyPattern()).isNull();
        assertThat(s.scopeHeaders()).isEmpty();
        assertThat(s.replayHeaders()).containsExactlyInAnyOrder(
                "content-type", "location", "content-location", "link", "etag", "last-modified");
        assertThat(s.maxBodySize()).isEqualTo(1_048_576L);
        assertThat(s.storeServerErrors()).isFalse();
        assertThat(s.failureMode()).isEqualTo(FailureMode.FAIL_CLOSED);
    }
}
