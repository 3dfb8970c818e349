package dev.idem.internal.telemetry;

import dev.idem.spi.RecordId;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The key and the scope hash of the current operation in the logging context (MDC) of every
 * logging API the application has: JBoss Logging, SLF4J, Log4j 2. Never a body.
 *
 * <p>Thread-bound, like every MDC: whoever puts must clear (or restore) on the same thread,
 * because request threads are pooled.
 */
public final class LoggingContext {
    /** The idempotency key as the client sent it, unquoted. */
    public static final String KEY = "idem.key";
    /** The hex SHA-256 scope hash (principal and scope headers, never in clear). */
    public static final String SCOPE = "idem.scope";

    private static final Logger LOG = Logger.getLogger("dev.idem");
    private static final List<Mdc> BACKENDS = detect();

    private LoggingContext() {
    }

    /** Puts the record's key and scope hash. */
    public static void put(RecordId id) {
        for (Mdc mdc : BACKENDS) {
            mdc.put(KEY, id.key());
            mdc.put(SCOPE, id.scope());
        }
    }

    /** Removes both entries. */
    public static void clear() {
        for (Mdc mdc : BACKENDS) {
            mdc.remove(KEY);
            mdc.remove(SCOPE);
        }
    }

    /** What the context holds now (empty when nothing is put), to put back later on this or another thread. */
    public static Saved save() {
        for (Mdc mdc : BACKENDS) {
            String key = mdc.get(KEY);
            String scope = mdc.get(SCOPE);
            if (key != null && scope != null) {
                return new Saved(key, scope);
            }
        }
        return Saved.EMPTY;
    }

    /** Whether any logging API with a context is present. */
    static boolean active() {
        return !BACKENDS.isEmpty();
    }

    /** A saved context: {@link #restore()} puts it back exactly (or clears, when it was empty). */
    public record Saved(String key, String scope) {
        static final Saved EMPTY = new Saved(null, null);

        public boolean isEmpty() {
            return key == null;
        }

        public void restore() {
            if (isEmpty()) {
                clear();
            } else {
                put(new RecordId(scope, key));
            }
        }
    }

    interface Mdc {
        void put(String name, String value);

        String get(String name);

        void remove(String name);
    }

    private static List<Mdc> detect() {
        List<Mdc> found = new ArrayList<>(3);
        add(found, "org.jboss.logging.MDC", name -> new JBossMdc());
        add(found, "org.slf4j.MDC", name -> new Slf4jMdc());
        add(found, "org.apache.logging.log4j.ThreadContext", name -> new Log4jMdc());
        return List.copyOf(found);
    }

    private static void add(List<Mdc> found, String apiClass, Function<String, Mdc> adapter) {
        if (!Presence.of(apiClass)) {
            return;
        }
        try {
            found.add(adapter.apply(apiClass));
        } catch (LinkageError | RuntimeException e) {
            LOG.log(Level.FINE, e, () -> "Idem does not use " + apiClass + " for the logging context");
        }
    }
}
