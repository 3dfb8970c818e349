package dev.idem.internal.engine;

import static dev.idem.internal.engine.EngineHarness.bypasses;
import static dev.idem.internal.engine.EngineHarness.proceeds;
import static dev.idem.internal.engine.EngineHarness.rejects;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** SPEC row: the store is unreachable. */
class StoreFailureTest {
    @RegisterExtension
    final LogCapture log = new LogCapture();
    private final EngineHarness h = new EngineHarness();
    private final Settings failClosed = SettingsBuilder.settings().build();
    private final Settings failOpen = SettingsBuilder.settings().failOpen().build();
    private final TestRequest request = TestRequest.post();

    @Test
    void storeDown_failClosed_isRejectedWith503AndRetryAfter() {
        h.store.goDown();

        Decision.Reject reject = rejects(h.begin(request, failClosed), Problem.STORE_UNAVAILABLE);

        assertThat(reject.problem().status()).isEqualTo(503);
        assertThat(reject.retryAfterSeconds()).isPositive();
    }

    @Test
    void storeDown_failOpen_runsWithoutIdempotency() {
        h.store.goDown();

        bypasses(h.begin(request, failOpen));
    }

    @Test
    void storeDown_failOpen_logsAWarningNamingTheKey() {
        h.store.goDown();

        h.begin(request, failOpen);

        assertThat(log.warnings()).singleElement().asString()
                .contains(TestRequest.KEY).contains("fail-open");
    }

    @Test
    void storeFailingWhenReadingAnExistingKey_isTreatedAsDown() {
        proceeds(h.begin(request, failClosed));
        h.store.failOn(InMemoryStore.Op.FIND);

        rejects(h.begin(request, failClosed), Problem.STORE_UNAVAILABLE);
    }

    @Test
    void storeFailingDuringFinish_doesNotThrow() {
        Lease lease = proceeds(h.begin(request, failClosed));
        h.store.goDown();

        assertThatCode(() -> h.finishCreated(lease, "{}")).doesNotThrowAnyException();
        assertThat(h.store.calls(InMemoryStore.Op.COMPLETE)).isEqualTo(1);
    }

    @Test
    void storeFailingWhileReleasingAfterA5xx_doesNotThrow() {
        Lease lease = proceeds(h.begin(request, failClosed));
        h.store.goDown();

        assertThatCode(() -> h.engine.finish(lease, 500, Map.of(), new byte[0], 0)).doesNotThrowAnyException();
        assertThat(h.store.calls(InMemoryStore.Op.RELEASE)).isEqualTo(1);
    }

    @Test
    void storeFailingDuringAbandon_doesNotThrow() {
        Lease lease = proceeds(h.begin(request, failClosed));
        h.store.goDown();

        assertThatCode(() -> h.engine.abandon(lease, "the operation threw")).doesNotThrowAnyException();
        assertThatCode(() -> h.engine.abandonOversized(lease)).doesNotThrowAnyException();
        assertThat(h.store.calls(InMemoryStore.Op.RELEASE)).isEqualTo(2);
    }
}
