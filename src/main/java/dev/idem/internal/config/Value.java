package dev.idem.internal.config;

/**
 * A raw setting value and where it came from, so that an invalid one is reported by the name the
 * user wrote.
 */
record Value(String raw, String origin) {

    ConfigurationException invalid(String rule) {
        return new ConfigurationException("Invalid " + origin + ": " + rule + ", was " + raw);
    }
}
