package dev.idem.internal.cdi;

import dev.idem.internal.config.SettingsResolver;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/** Binds the settings resolver to MicroProfile Config. */
public final class MicroProfileSettings {
    private MicroProfileSettings() {
    }

    public static SettingsResolver resolver() {
        return resolver(ConfigProvider.getConfig());
    }

    public static SettingsResolver resolver(Config config) {
        return new SettingsResolver(name -> config.getOptionalValue(name, String.class));
    }
}
