package dev.idem.internal.telemetry;

import org.apache.logging.log4j.ThreadContext;

/** Log4j 2's thread context. Loaded only when the Log4j 2 API is present. */
final class Log4jMdc implements LoggingContext.Mdc {
    @Override
    public void put(String name, String value) {
        ThreadContext.put(name, value);
    }

    @Override
    public String get(String name) {
        return ThreadContext.get(name);
    }

    @Override
    public void remove(String name) {
        ThreadContext.remove(name);
    }
}
