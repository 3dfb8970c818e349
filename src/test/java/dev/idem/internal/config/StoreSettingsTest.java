package dev.idem.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** resolveStore(): the store's global-only settings. */
class StoreSettingsTest {

    private static StoreSettings resolve(String name, String value) {
        return new MapConfig().set(name, value).resolver().resolveStore();
    }

    @Test
    void nothingConfigured_givesSpecDefaults() {
        assertThat(new MapConfig().resolver().resolveStore())
                .isEqualTo(new StoreSettings(Duration.ofMinutes(5), 1000, true, "idem_record"));
    }

    @Test
    void everyStoreSetting_isRead() {
        StoreSettings settings = new MapConfig()
                .set("idem.cleanup.interval", "PT30S").set("idem.cleanup.batch-size", "50")
                .set("idem.schema.create", "false").set("idem.store.table", "billing.idem_record")
                .resolver().resolveStore();

        assertThat(settings).isEqualTo(new StoreSettings(Duration.ofSeconds(30), 50, false, "billing.idem_record"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"idem_record", "IdemRecord", "_idem", "app.idem_record", "t12345678901234567890123456789012345678901234567890123456789012"})
    void validTableName_isAccepted(String table) {
        assertThat(resolve("idem.store.table", table).table()).isEqualTo(table);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "idem.store.table|idem-record",
        "idem.store.table|1record",
        "idem.store.table|a.b.c",
        "idem.store.table|idem_record; drop table users",
        "idem.store.table|\"idem_record\"",
        "idem.store.table|t123456789012345678901234567890123456789012345678901234567890123",
        "idem.cleanup.interval|PT0S",
        "idem.cleanup.interval|5m",
        "idem.cleanup.batch-size|0",
        "idem.cleanup.batch-size|100001",
        "idem.schema.create|maybe"})
    void invalidStoreSetting_failsNamingThePropertyAndTheValue(String name, String value) {
        assertThatThrownBy(() -> resolve(name, value))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("Invalid " + name + ": ")
                .hasMessageEndingWith(", was " + value);
    }
}
