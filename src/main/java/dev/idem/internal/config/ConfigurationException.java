package dev.idem.internal.config;

/** An invalid Idem setting; thrown at start-up so that deployment fails with a message naming the property. */
public final class ConfigurationException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public ConfigurationException(String message) {
        super(message);
    }
}
