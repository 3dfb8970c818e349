package dev.idem.internal.telemetry;

import org.slf4j.MDC;

/** SLF4J's MDC. Loaded only when SLF4J is present. */
final class Slf4jMdc implements LoggingContext.Mdc {
    @Override
    public void put(String name, String value) {
        MDC.put(name, value);
    }

    @Override
    public String get(String name) {
        return MDC.get(name);
    }

    @Override
    public void remove(String name) {
        MDC.remove(name);
    }
}
