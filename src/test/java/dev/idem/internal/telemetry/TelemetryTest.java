package dev.idem.internal.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.idem.internal.engine.Outcome;
import dev.idem.spi.Claim;
import dev.idem.spi.IdempotencyRecord;
import dev.idem.spi.IdempotencyStore;
import dev.idem.spi.RecordId;
import dev.idem.spi.StoreException;
import dev.idem.spi.StoredResponse;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Outcomes become {@code idem.outcomes} counts, store calls {@code idem.store} timings (Micrometer adapter). */
class TelemetryTest {
    private static final String METHOD = "com.acme.Orders/create";

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MicrometerMeters meters = new MicrometerMeters(registry);
    private final Telemetry telemetry = new Telemetry(meters);

    @Test
    void eachDecision_countsOnce_underItsOutcomeAndMethod() {
        telemetry.decided(METHOD, Outcome.EXECUTED);
        telemetry.decided(METHOD, Outcome.REPLAYED);
        telemetry.decided(METHOD, Outcome.REPLAYED);
        telemetry.decided("com.acme.Other/run", Outcome.REPLAYED);

        assertThat(count(METHOD, Outcome.EXECUTED)).isEqualTo(1);
        assertThat(count(METHOD, Outcome.REPLAYED)).isEqualTo(2);
        assertThat(count("com.acme.Other/run", Outcome.REPLAYED)).isEqualTo(1);
    }

    @Test
    void everyOutcomeOfAMethod_isRegisteredAtItsFirstDecision_atZero() {
        telemetry.decided(METHOD, Outcome.KEY_REUSED);

        for (Outcome outcome : Outcome.values()) {
            assertThat(count(METHOD, outcome)).isEqualTo(outcome == Outcome.KEY_REUSED ? 1 : 0);
        }
    }

    @Test
    void storeCalls_areTimedPerOperation_failuresToo() {
        AtomicLong nanos = new AtomicLong();
        FixedStore raw = new FixedStore(nanos);
        IdempotencyStore store = new TimedStore(raw, meters, nanos::get);
        RecordId id = new RecordId("scope", "key-0123456789abcdef");

        store.tryClaim(null);
        store.find(id);
        store.find(id);
        raw.failing = true;
        assertThatThrownBy(() -> store.release(id, 1)).isInstanceOf(StoreException.class);

        assertThat(timer("claim").count()).isEqualTo(1);
        assertThat(timer("claim").totalTime(TimeUnit.NANOSECONDS)).isEqualTo(FixedStore.TAKES_NANOS);
        assertThat(timer("read").count()).isEqualTo(2);
        assertThat(timer("release").count()).isEqualTo(1);
        assertThat(timer("complete").count()).isZero();
    }

    @Test
    void withoutAMetricsApi_theStoreIsNotWrapped() {
        IdempotencyStore raw = new FixedStore(new AtomicLong());

        assertThat(new Telemetry(Meters.NONE).timed(raw)).isSameAs(raw);
        assertThat(telemetry.timed(raw)).isInstanceOf(TimedStore.class);
    }

    private double count(String method, Outcome outcome) {
        return registry.get("idem.outcomes").tags(Map.of("method", method, "outcome", outcome.tag()).entrySet().stream()
                .flatMap(e -> java.util.stream.Stream.of(e.getKey(), e.getValue())).toArray(String[]::new))
                .counter().count();
    }

    private Timer timer(String operation) {
        return registry.get("idem.store").tag("operation", operation).timer();
    }

    /** Answers at once, moving the fake nano clock by a fixed amount per call. */
    private static class FixedStore implements IdempotencyStore {
        static final long TAKES_NANOS = 1_500_000;
        private final AtomicLong nanos;
        boolean failing;

        FixedStore(AtomicLong nanos) {
            this.nanos = nanos;
        }

        private void work() {
            nanos.addAndGet(TAKES_NANOS);
            if (failing) {
                throw new StoreException("down", null);
            }
        }

        @Override
        public boolean tryClaim(Claim claim) {
            work();
            return true;
        }

        @Override
        public Optional<IdempotencyRecord> find(RecordId id) {
            work();
            return Optional.empty();
        }

        @Override
        public boolean takeOver(IdempotencyRecord current, Claim claim) {
            work();
            return true;
        }

        @Override
        public boolean complete(RecordId id, long leaseToken, StoredResponse response, Instant expiresAt) {
            work();
            return true;
        }

        @Override
        public boolean release(RecordId id, long leaseToken) {
            work();
            return true;
        }

        @Override
        public int purgeExpired(Instant now, int batchSize) {
            work();
            return 0;
        }
    }
}
