package dev.idem.internal.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Configuration properties in a map, as MicroProfile Config would return them. */
final class MapConfig {
    static final String CLASS = "com.acme.Orders";
    static final String METHOD = "create";
    static final String TARGET = CLASS + "/" + METHOD;

    private final Map<String, String> values = new LinkedHashMap<>();

    MapConfig set(String name, String value) {
        values.put(name, value);
        return this;
    }

    Iterable<String> names() {
        return values.keySet();
    }

    SettingsResolver resolver() {
        return new SettingsResolver(name -> Optional.ofNullable(values.get(name)));
    }

    /** {@code idem."com.acme.Orders/create".<name>} */
    static String perMethod(String name) {
        return "idem.\"" + TARGET + "\"." + name;
    }

    /** {@code idem."com.acme.Orders".<name>} */
    static String perClass(String name) {
        return "idem.\"" + CLASS + "\"." + name;
    }

    static String global(String name) {
        return "idem." + name;
    }
}
