package dev.idem.internal.telemetry;

import dev.idem.internal.engine.EngineListener;
import dev.idem.internal.engine.Outcome;
import dev.idem.spi.IdempotencyStore;
import dev.idem.spi.RecordId;
import jakarta.enterprise.inject.Instance;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Idem's metrics and logging context, bound at start-up to what the application has:
 * MicroProfile Metrics when the runtime offers a {@code MetricRegistry} bean, else Micrometer's
 * global registry when Micrometer is present, else no metrics; and the logging context of every
 * logging API present ({@link LoggingContext}). With none of them, everything here is a no-op.
 */
public final class Telemetry implements EngineListener {
    private static final Logger LOG = Logger.getLogger("dev.idem");

    private final Meters meters;

    Telemetry(Meters meters) {
        this.meters = meters;
    }

    /**
     * Looks for a metrics API.
     *
     * @param beans an injected {@code Instance<Object>}: MicroProfile Metrics producers need a real injection point
     */
    public static Telemetry detect(Instance<Object> beans) {
        Meters meters = firstPresent(beans);
        LOG.fine(() -> "Idem metrics: " + meters.name() + "; logging context: "
                + (LoggingContext.active() ? "on" : "no MDC found"));
        return new Telemetry(meters);
    }

    private static Meters firstPresent(Instance<Object> beans) {
        // lambdas, not method references: those would load the adapter class before the presence check
        Meters microProfile = attempt("org.eclipse.microprofile.metrics.MetricRegistry", () -> MicroProfileMeters.fromCdi(beans));
        if (microProfile != null) {
            return microProfile;
        }
        Meters micrometer = attempt("io.micrometer.core.instrument.MeterRegistry", () -> new MicrometerMeters());
        return micrometer != null ? micrometer : Meters.NONE;
    }

    private static Meters attempt(String apiClass, Supplier<Meters> adapter) {
        if (!Presence.of(apiClass)) {
            return null;
        }
        try {
            return adapter.get();
        } catch (LinkageError | RuntimeException e) {
            LOG.log(Level.WARNING, e, () -> "Idem found " + apiClass + " but cannot register its metrics there");
            return null;
        }
    }

    /** {@code store}, its calls timed. */
    public IdempotencyStore timed(IdempotencyStore store) {
        return meters == Meters.NONE ? store : new TimedStore(store, meters, System::nanoTime);
    }

    /** Puts the key and scope hash into the logging context; the adapter clears it when the request ends. */
    @Override
    public void identified(RecordId id) {
        LoggingContext.put(id);
    }

    @Override
    public void decided(String target, Outcome outcome) {
        try {
            meters.count(target, outcome);
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, e, () -> "Idem could not count " + outcome.tag() + " for " + target);
        }
    }
}
