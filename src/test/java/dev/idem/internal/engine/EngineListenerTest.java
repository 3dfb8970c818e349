package dev.idem.internal.engine;

import static dev.idem.internal.engine.EngineHarness.proceeds;
import static org.assertj.core.api.Assertions.assertThat;

import dev.idem.spi.RecordId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The engine tells its listener which record a request is about and what it decided, once per decision. */
class EngineListenerTest {
    @RegisterExtension
    final LogCapture log = new LogCapture();
    private final FakeClock clock = new FakeClock();
    private final InMemoryStore store = new InMemoryStore(clock);
    private final Recording listener = new Recording();
    private final IdempotencyEngine engine = new IdempotencyEngine(store, clock, new AdvancingPauser(clock),
            new java.util.concurrent.atomic.AtomicLong()::incrementAndGet, listener);
    private final Settings settings = SettingsBuilder.settings().build();
    private final TestRequest request = TestRequest.post();

    @Test
    void newKey_isExecuted_andTheRecordIsIdentifiedBeforeTheStoreIsAsked() {
        proceeds(engine.begin(request, settings));

        assertThat(listener.outcomes).containsExactly(Outcome.EXECUTED);
        assertThat(listener.identified).singleElement()
                .satisfies(id -> assertThat(id.key()).isEqualTo(TestRequest.KEY));
        assertThat(listener.storeCallsWhenIdentified).containsExactly(0);
        assertThat(listener.targets).containsOnly(settings.target());
    }

    @Test
    void finishedKey_isReplayed() {
        finish(proceeds(engine.begin(request, settings)));

        engine.begin(request, settings);

        assertThat(listener.outcomes).containsExactly(Outcome.EXECUTED, Outcome.REPLAYED);
    }

    @Test
    void runningKey_isInFlight() {
        proceeds(engine.begin(request, settings));

        engine.begin(request, settings);

        assertThat(listener.outcomes).containsExactly(Outcome.EXECUTED, Outcome.IN_FLIGHT);
    }

    @Test
    void sameKeyOtherBody_isKeyReused() {
        finish(proceeds(engine.begin(request, settings)));

        engine.begin(request.withBody("{\"item\":43}"), settings);

        assertThat(listener.outcomes).containsExactly(Outcome.EXECUTED, Outcome.KEY_REUSED);
    }

    @Test
    void missingOrMalformedKey_isKeyRejected_andNothingIsIdentified() {
        engine.begin(request.withoutHeader("Idempotency-Key"), settings);
        engine.begin(request.withKey("short"), settings);

        assertThat(listener.outcomes).containsExactly(Outcome.KEY_REJECTED, Outcome.KEY_REJECTED);
        assertThat(listener.identified).isEmpty();
    }

    @Test
    void missingOptionalKey_isNotCounted() {
        engine.begin(request.withoutHeader("Idempotency-Key"), SettingsBuilder.settings().notRequired().build());

        assertThat(listener.outcomes).isEmpty();
    }

    @Test
    void oversizedBody_isBodyTooLarge() {
        engine.begin(request.withBody("x".repeat(100)), SettingsBuilder.settings().maxBodySize(10).build());

        assertThat(listener.outcomes).containsExactly(Outcome.BODY_TOO_LARGE);
    }

    @Test
    void storeDown_isStoreFailure_failClosed_orFailOpen() {
        store.goDown();

        engine.begin(request, settings);
        engine.begin(request, SettingsBuilder.settings().failOpen().build());

        assertThat(listener.outcomes).containsExactly(Outcome.STORE_FAILURE, Outcome.FAIL_OPEN);
    }

    @Test
    void expiredLease_takenOver_isExecuted() {
        proceeds(engine.begin(request, settings));
        clock.advance(settings.lease().plus(Duration.ofSeconds(1)));

        proceeds(engine.begin(request, settings));

        assertThat(listener.outcomes).containsExactly(Outcome.EXECUTED, Outcome.EXECUTED);
    }

    private void finish(Lease lease) {
        engine.finish(lease, 201, java.util.Map.of(), new byte[] {'{', '}'}, 2);
    }

    private final class Recording implements EngineListener {
        final List<RecordId> identified = new ArrayList<>();
        final List<Integer> storeCallsWhenIdentified = new ArrayList<>();
        final List<Outcome> outcomes = new ArrayList<>();
        final List<String> targets = new ArrayList<>();

        @Override
        public void identified(RecordId id) {
            identified.add(id);
            storeCallsWhenIdentified.add(store.calls(InMemoryStore.Op.TRY_CLAIM));
        }

        @Override
        public void decided(String target, Outcome outcome) {
            targets.add(target);
            outcomes.add(outcome);
        }
    }
}
