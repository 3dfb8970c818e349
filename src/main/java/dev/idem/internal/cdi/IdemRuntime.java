package dev.idem.internal.cdi;

import dev.idem.internal.engine.IdempotencyEngine;
import dev.idem.spi.IdempotencyStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.inject.Inject;
import java.time.Clock;

/**
 * The application's one engine over its one store, and the request-scoped lease tracker. The
 * JAX-RS providers are created by the JAX-RS runtime, not by CDI, so they look this bean up.
 */
@ApplicationScoped
public class IdemRuntime {
    private IdempotencyEngine engine;
    private LeaseTracker tracker;

    protected IdemRuntime() {
        // for the CDI proxy
    }

    @Inject
    public IdemRuntime(IdempotencyStore store, LeaseTracker tracker) {
        this.engine = new IdempotencyEngine(store, Clock.systemUTC());
        this.tracker = tracker;
    }

    public IdempotencyEngine engine() {
        return engine;
    }

    public LeaseTracker tracker() {
        return tracker;
    }

    /** Looks the bean up; callers keep the result per deployment, never in a static field. */
    public static IdemRuntime lookup() {
        return CDI.current().select(IdemRuntime.class).get();
    }
}
