package dev.idem.internal.engine;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Settings built directly, starting from SPEC's defaults, without the configuration layer. */
final class SettingsBuilder {
    private final Settings d = Settings.defaults("com.acme.Orders/create");
    private String header = d.header();
    private boolean required = d.required();
    private Duration ttl = d.ttl();
    private Duration lease = d.lease();
    private InFlightMode inFlight = d.inFlight();
    private Duration maxWait = d.inFlightMaxWait();
    private int minLength = d.keyMinLength();
    private int maxLength = d.keyMaxLength();
    private Pattern pattern = d.keyPattern();
    private List<String> scopeHeaders = d.scopeHeaders();
    private Set<String> replayHeaders = d.replayHeaders();
    private long maxBodySize = d.maxBodySize();
    private boolean storeServerErrors = d.storeServerErrors();
    private FailureMode failureMode = d.failureMode();

    static SettingsBuilder settings() {
        return new SettingsBuilder();
    }

    SettingsBuilder header(String value) {
        header = value;
        return this;
    }

    SettingsBuilder notRequired() {
        required = false;
        return this;
    }

    SettingsBuilder ttl(Duration value) {
        ttl = value;
        return this;
    }

    SettingsBuilder lease(Duration value) {
        lease = value;
        return this;
    }

    SettingsBuilder waitInFlight(Duration bound) {
        inFlight = InFlightMode.WAIT;
        maxWait = bound;
        return this;
    }

    SettingsBuilder keyPattern(String regex) {
        pattern = Pattern.compile(regex);
        return this;
    }

    SettingsBuilder scopeHeaders(String... names) {
        scopeHeaders = List.of(names);
        return this;
    }

    SettingsBuilder replayHeaders(String... names) {
        replayHeaders = Set.of(names);
        return this;
    }

    SettingsBuilder maxBodySize(long bytes) {
        maxBodySize = bytes;
        return this;
    }

    SettingsBuilder storeServerErrors() {
        storeServerErrors = true;
        return this;
    }

    SettingsBuilder failOpen() {
        failureMode = FailureMode.FAIL_OPEN;
        return this;
    }

    Settings build() {
        return new Settings(d.target(), true, header, required, ttl, lease, inFlight, maxWait, minLength, maxLength,
                pattern, scopeHeaders, replayHeaders, maxBodySize, storeServerErrors, failureMode,
                TransactionMode.SEPARATE, java.util.List.of());
    }
}
