package dev.idem.internal.telemetry;

import dev.idem.internal.engine.Outcome;
import jakarta.enterprise.inject.Instance;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;

/**
 * MicroProfile Metrics 5 (Open Liberty's {@code mpMetrics-5.x}), in the application registry.
 * Loaded only when its API is present.
 */
final class MicroProfileMeters implements Meters {
    private static final Metadata OUTCOMES_METADATA = Metadata.builder().withName(OUTCOMES)
            .withDescription(OUTCOMES_DESCRIPTION).build();
    private static final Metadata STORE_METADATA = Metadata.builder().withName(STORE)
            .withDescription(STORE_DESCRIPTION).withUnit(MetricUnits.NANOSECONDS).build();

    private final MetricRegistry registry;
    private final ConcurrentMap<String, Counter[]> counters = new ConcurrentHashMap<>();
    private final Map<StoreOperation, Timer> timers = new EnumMap<>(StoreOperation.class);

    private MicroProfileMeters(MetricRegistry registry) {
        this.registry = registry;
        for (StoreOperation operation : StoreOperation.values()) {
            timers.put(operation, registry.timer(STORE_METADATA, new Tag(OPERATION_TAG, operation.tag())));
        }
    }

    /** The application registry, or {@code null} when the runtime offers none. */
    static Meters fromCdi(Instance<Object> beans) {
        Instance<MetricRegistry> registries = beans.select(MetricRegistry.class);
        if (!registries.isResolvable()) {
            return null;
        }
        MetricRegistry registry = registries.get();
        return registry == null ? null : new MicroProfileMeters(registry);
    }

    @Override
    public void count(String method, Outcome outcome) {
        counters.computeIfAbsent(method, this::register)[outcome.ordinal()].inc();
    }

    private Counter[] register(String method) {
        Counter[] byOutcome = new Counter[Outcome.values().length];
        for (Outcome outcome : Outcome.values()) {
            byOutcome[outcome.ordinal()] = registry.counter(OUTCOMES_METADATA,
                    new Tag(OUTCOME_TAG, outcome.tag()), new Tag(METHOD_TAG, method));
        }
        return byOutcome;
    }

    @Override
    public void time(StoreOperation operation, long nanos) {
        timers.get(operation).update(Duration.ofNanos(nanos));
    }

    @Override
    public String name() {
        return "MicroProfile Metrics";
    }
}
