package dev.idem.internal.telemetry;

import org.jboss.logging.MDC;

/** JBoss Logging's MDC (Quarkus logs through it). Loaded only when JBoss Logging is present. */
final class JBossMdc implements LoggingContext.Mdc {
    @Override
    public void put(String name, String value) {
        MDC.put(name, value);
    }

    @Override
    public String get(String name) {
        Object value = MDC.get(name);
        return value == null ? null : value.toString();
    }

    @Override
    public void remove(String name) {
        MDC.remove(name);
    }
}
