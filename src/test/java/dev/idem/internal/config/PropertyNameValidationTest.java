package dev.idem.internal.config;

import static dev.idem.internal.config.MapConfig.global;
import static dev.idem.internal.config.MapConfig.perClass;
import static dev.idem.internal.config.MapConfig.perMethod;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** validate(): every idem.* property the application defines is checked at start-up, by name and value. */
class PropertyNameValidationTest {

    private static void validate(String name, String value) {
        MapConfig config = new MapConfig().set(name, value);
        config.resolver().validate(config.names());
    }

    @ParameterizedTest
    @ValueSource(strings = {"idem.tll", "idem.key.minlength", "idem.\"com.acme.Orders/create\".tll", "idem.\"com.acme.Orders\".table"})
    void unknownSettingName_isRejectedNamingIt(String name) {
        assertThatThrownBy(() -> validate(name, "PT1H"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"schema.create", "store.table", "cleanup.interval", "cleanup.batch-size"})
    void globalOnlySetting_perClassOrPerMethod_isRejected(String setting) {
        assertThatThrownBy(() -> validate(perClass(setting), "true"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(perClass(setting))
                .hasMessageContaining("globally");
        assertThatThrownBy(() -> validate(perMethod(setting), "true"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(perMethod(setting));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "idem.\"com.acme.Orders.ttl",
        "idem.\"com.acme.Orders\"ttl",
        "idem.\"com.acme.Orders\"",
        "idem.\"com.acme.Orders\".",
        "idem.\"com.acme.Orders\"..ttl"})
    void malformedQuotedName_isRejectedNamingIt(String name) {
        assertThatThrownBy(() -> validate(name, "PT1H"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(name);
    }

    @Test
    void emptyQuotedClassName_isRejected() {
        assertThatThrownBy(() -> validate("idem.\"\".ttl", "PT1H"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("idem.\"\".ttl");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "idem.ttl|PT1H",
        "idem.in-flight.max-wait|PT5S",
        "idem.store.failure-mode|fail-open",
        "idem.\"com.acme.Orders\".ttl|PT1H",
        "idem.\"com.acme.Orders/create\".ttl|PT1H",
        "idem.\"com.acme.Orders/create\".store.failure-mode|fail-open",
        "idem.\"com.acme.Outer$Inner/create\".enabled|false"})
    void wellFormedOperationSetting_isAccepted(String name, String value) {
        assertThatCode(() -> validate(name, value)).doesNotThrowAnyException();
    }

    @Test
    void everyDocumentedSetting_isAcceptedWithAValidValue() {
        MapConfig config = new MapConfig()
                .set("idem.header", "Idempotency-Key").set("idem.required", "true").set("idem.ttl", "PT24H")
                .set("idem.lease", "PT1M").set("idem.in-flight", "wait").set("idem.in-flight.max-wait", "PT10S")
                .set("idem.key.min-length", "16").set("idem.key.max-length", "255").set("idem.key.pattern", "[a-z]+")
                .set("idem.scope.headers", "X-Tenant").set("idem.replay.headers", "Content-Type")
                .set("idem.max-body-size", "1048576").set("idem.store-server-errors", "false")
                .set("idem.store.failure-mode", "fail-open").set("idem.cleanup.interval", "PT5M")
                .set("idem.cleanup.batch-size", "1000").set("idem.schema.create", "false")
                .set("idem.store.table", "idem_record").set("idem.enabled", "true");

        assertThatCode(() -> config.resolver().validate(config.names())).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"quarkus.http.port", "idempotency.anything", "mp.idem.ttl", "idem"})
    void propertiesOutsideTheIdemPrefix_areIgnored(String name) {
        assertThatCode(() -> validate(name, "whatever")).doesNotThrowAnyException();
    }

    @Test
    void badValueForAClass_failsAtValidationBeforeTheOperationIsUsed() {
        assertThatThrownBy(() -> validate("idem.\"com.acme.Orders/create\".ttl", "PT-1S"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("Invalid idem.\"com.acme.Orders/create\".ttl: must be a positive ISO-8601 duration,"
                        + " was PT-1S");
    }

    @Test
    void badGlobalOnlyValue_failsAtValidation() {
        assertThatThrownBy(() -> validate(global("store.table"), "idem-record"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("Invalid idem.store.table: ")
                .hasMessageEndingWith(", was idem-record");
    }

    @Test
    void globalMaxLengthBelowGlobalMinLength_failsAtValidation() {
        MapConfig config = new MapConfig().set("idem.key.min-length", "32").set("idem.key.max-length", "20");

        assertThatThrownBy(() -> config.resolver().validate(config.names()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("idem.key.max-length")
                .hasMessageContaining("20");
    }
}
