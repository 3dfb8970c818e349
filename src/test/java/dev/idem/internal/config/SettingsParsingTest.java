package dev.idem.internal.config;

import static dev.idem.internal.config.MapConfig.CLASS;
import static dev.idem.internal.config.MapConfig.METHOD;
import static dev.idem.internal.config.MapConfig.global;
import static dev.idem.internal.config.MapConfig.perClass;
import static dev.idem.internal.config.MapConfig.perMethod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.idem.internal.engine.FailureMode;
import dev.idem.internal.engine.InFlightMode;
import dev.idem.internal.engine.Settings;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each setting accepts its valid values; an invalid one fails naming the property as written and the value. */
class SettingsParsingTest {

    private static Settings resolve(String property, String value) {
        return new MapConfig().set(property, value).resolver().resolve(CLASS, METHOD, null);
    }

    private static Arguments valid(String property, String value, Function<Settings, Object> read, Object expected) {
        return Arguments.of(property, value, read, expected);
    }

    static Stream<Arguments> validValues() {
        return Stream.of(
                valid(global("header"), "X-Request-Id", Settings::header, "X-Request-Id"),
                valid(global("required"), "false", Settings::required, false),
                valid(perMethod("required"), " TRUE ", Settings::required, true),
                valid(global("ttl"), "PT1H", Settings::ttl, Duration.ofHours(1)),
                valid(perClass("ttl"), "P7D", Settings::ttl, Duration.ofDays(7)),
                valid(global("lease"), "PT30S", Settings::lease, Duration.ofSeconds(30)),
                valid(global("in-flight"), "wait", Settings::inFlight, InFlightMode.WAIT),
                valid(perMethod("in-flight"), "reject", Settings::inFlight, InFlightMode.REJECT),
                valid(global("in-flight.max-wait"), "PT2.5S", Settings::inFlightMaxWait, Duration.ofMillis(2500)),
                valid(global("key.min-length"), "8", Settings::keyMinLength, 8),
                valid(global("key.max-length"), "64", Settings::keyMaxLength, 64),
                valid(global("key.max-length"), "16", Settings::keyMaxLength, 16),
                valid(global("key.pattern"), "[a-z0-9-]+", s -> s.keyPattern().pattern(), "[a-z0-9-]+"),
                valid(global("scope.headers"), "X-Tenant, X-Org", Settings::scopeHeaders, List.of("X-Tenant", "X-Org")),
                valid(global("replay.headers"), "Content-Type,X-Trace", Settings::replayHeaders,
                        Set.of("content-type", "x-trace")),
                valid(global("max-body-size"), "2048", Settings::maxBodySize, 2048L),
                valid(global("store-server-errors"), "true", Settings::storeServerErrors, true),
                valid(global("store.failure-mode"), "fail-open", Settings::failureMode, FailureMode.FAIL_OPEN),
                valid(perClass("store.failure-mode"), "fail-closed", Settings::failureMode, FailureMode.FAIL_CLOSED),
                valid(global("enabled"), "false", Settings::enabled, false));
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("validValues")
    void validValue_isParsed(String property, String value, Function<Settings, Object> read, Object expected) {
        assertThat(read.apply(resolve(property, value))).isEqualTo(expected);
    }

    static Stream<Arguments> invalidValues() {
        return Stream.of(
                Arguments.of(perMethod("ttl"), "PT-1S"),
                Arguments.of(perMethod("ttl"), "PT0S"),
                Arguments.of(global("ttl"), "24h"),
                Arguments.of(perClass("lease"), "0"),
                Arguments.of(global("in-flight.max-wait"), "-5"),
                Arguments.of(global("key.min-length"), "0"),
                Arguments.of(perMethod("key.min-length"), "-5"),
                Arguments.of(global("key.max-length"), "many"),
                Arguments.of(global("required"), "maybe"),
                Arguments.of(global("store-server-errors"), "sometimes"),
                Arguments.of(perClass("enabled"), "maybe"),
                Arguments.of(global("in-flight"), "sometimes"),
                Arguments.of(global("store.failure-mode"), "sometimes"),
                Arguments.of(global("key.pattern"), "["),
                Arguments.of(global("header"), "Idempotency Key"),
                Arguments.of(global("scope.headers"), "X-Tenant;X-Org"),
                Arguments.of(perMethod("replay.headers"), "Content-Type, Set-Cookie"),
                Arguments.of(global("replay.headers"), "Authorization"),
                Arguments.of(global("max-body-size"), "0"),
                Arguments.of(global("max-body-size"), "1MB"),
                Arguments.of(perMethod("key.max-length"), "10"));
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("invalidValues")
    void invalidValue_failsNamingThePropertyAndTheValue(String property, String value) {
        assertThatThrownBy(() -> resolve(property, value))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("Invalid " + property + ": ")
                .hasMessageEndingWith(", was " + value);
    }

    @Test
    void negativeTtlForAMethod_failsWithTheMessageStyleShowsVerbatim() {
        assertThatThrownBy(() -> resolve("idem.\"com.acme.Orders/create\".ttl", "PT-1S"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("Invalid idem.\"com.acme.Orders/create\".ttl: must be a positive ISO-8601 duration,"
                        + " was PT-1S");
    }

    @Test
    void maxLengthBelowMinLength_failsNamingBothLimits() {
        MapConfig config = new MapConfig().set(global("key.min-length"), "32").set(perMethod("key.max-length"), "20");

        assertThatThrownBy(() -> config.resolver().resolve(CLASS, METHOD, null))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("Invalid " + perMethod("key.max-length") + ": must be at least key.min-length (32),"
                        + " was 20");
    }

    @Test
    void minLengthAboveTheDefaultMaxLength_failsNamingTheMinLengthPropertyAndValue() {
        assertThatThrownBy(() -> resolve(global("key.min-length"), "300"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("idem.key.min-length")
                .hasMessageContaining("300");
    }

    @Test
    void invalidValueOfAnotherOperation_doesNotBreakThisOne() {
        Settings settings = new MapConfig().set("idem.\"com.acme.Invoices/create\".ttl", "PT-1S").resolver()
                .resolve(CLASS, METHOD, null);

        assertThat(settings.ttl()).isEqualTo(Duration.ofHours(24));
    }
}
