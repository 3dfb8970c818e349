package dev.idem.internal.config;

import static dev.idem.internal.config.MapConfig.global;
import static dev.idem.internal.config.MapConfig.perClass;
import static dev.idem.internal.config.MapConfig.perMethod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** idem.replay-cache.max-entries and idem.replay-cache.max-bytes: global only, 0 turns the cache off. */
class ReplayCacheSettingsTest {

    private static void validate(MapConfig config) {
        config.resolver().validate(config.names());
    }

    @Test
    void defaults_areTenThousandEntriesAnd32MiB() {
        ReplayCacheSettings settings = new MapConfig().resolver().resolveReplayCache();

        assertThat(settings.maxEntries()).isEqualTo(10_000);
        assertThat(settings.maxBytes()).isEqualTo(32L * 1024 * 1024);
    }

    @Test
    void bothBounds_areRead_andZeroIsAccepted() {
        MapConfig config = new MapConfig().set(global("replay-cache.max-entries"), "0")
                .set(global("replay-cache.max-bytes"), " 1048576 ");
        validate(config);

        ReplayCacheSettings settings = config.resolver().resolveReplayCache();

        assertThat(settings.maxEntries()).isZero();
        assertThat(settings.maxBytes()).isEqualTo(1_048_576);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "many", "1.5", "3000000000"})
    void invalidEntryBound_failsAtValidationNamingPropertyAndValue(String value) {
        MapConfig config = new MapConfig().set(global("replay-cache.max-entries"), value);

        assertThatThrownBy(() -> validate(config))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("Invalid idem.replay-cache.max-entries: ")
                .hasMessageEndingWith(", was " + value);
    }

    @Test
    void negativeByteBound_failsAtValidation() {
        MapConfig config = new MapConfig().set(global("replay-cache.max-bytes"), "-5");

        assertThatThrownBy(() -> validate(config))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("Invalid idem.replay-cache.max-bytes: ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"replay-cache.max-entries", "replay-cache.max-bytes"})
    void perClassOrPerMethod_isRejected(String setting) {
        assertThatThrownBy(() -> validate(new MapConfig().set(perClass(setting), "10")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("globally");
        assertThatThrownBy(() -> validate(new MapConfig().set(perMethod(setting), "10")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(perMethod(setting));
    }
}
