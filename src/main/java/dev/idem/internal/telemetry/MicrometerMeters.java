package dev.idem.internal.telemetry;

import dev.idem.internal.engine.Outcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * Micrometer, through its global registry (Quarkus adds its registries, Prometheus among them, to
 * it). Loaded only when Micrometer is present.
 */
final class MicrometerMeters implements Meters {
    private final MeterRegistry registry;
    private final ConcurrentMap<String, Counter[]> counters = new ConcurrentHashMap<>();
    private final Map<StoreOperation, Timer> timers = new EnumMap<>(StoreOperation.class);

    MicrometerMeters() {
        this(Metrics.globalRegistry);
    }

    MicrometerMeters(MeterRegistry registry) {
        this.registry = registry;
        for (StoreOperation operation : StoreOperation.values()) {
            timers.put(operation, Timer.builder(STORE).description(STORE_DESCRIPTION)
                    .tag(OPERATION_TAG, operation.tag()).register(registry));
        }
    }

    @Override
    public void count(String method, Outcome outcome) {
        counters.computeIfAbsent(method, this::register)[outcome.ordinal()].increment();
    }

    private Counter[] register(String method) {
        Counter[] byOutcome = new Counter[Outcome.values().length];
        for (Outcome outcome : Outcome.values()) {
            byOutcome[outcome.ordinal()] = Counter.builder(OUTCOMES).description(OUTCOMES_DESCRIPTION)
                    .tag(OUTCOME_TAG, outcome.tag()).tag(METHOD_TAG, method).register(registry);
        }
        return byOutcome;
    }

    @Override
    public void time(StoreOperation operation, long nanos) {
        timers.get(operation).record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public String name() {
        return "Micrometer";
    }
}
