package dev.idem.internal.engine;

import static dev.idem.internal.engine.EngineHarness.proceeds;
import static dev.idem.internal.engine.EngineHarness.rejects;
import static dev.idem.internal.engine.EngineHarness.replays;
import static dev.idem.internal.engine.EngineHarness.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.idem.spi.IdempotencyRecord;
import dev.idem.spi.RecordState;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** SPEC rows: the record's TTL passed; the in-flight lease expired (takeover and fencing). */
class ExpiryAndFencingTest {
    @RegisterExtension
    final LogCapture log = new LogCapture();
    private static final Duration TTL = Duration.ofHours(1);
    private static final Duration LEASE = Duration.ofSeconds(30);

    private final EngineHarness h = new EngineHarness();
    private final Settings settings = SettingsBuilder.settings().ttl(TTL).lease(LEASE).build();
    private final TestRequest request = TestRequest.post();

    @Test
    void finishedRecord_isReplayedUntilJustBeforeItsTtlEnds() {
        h.finishCreated(proceeds(h.begin(request, settings)), "{\"id\":42}");
        h.clock.advance(TTL.minusMillis(1));

        assertThat(text(replays(h.begin(request, settings)))).isEqualTo("{\"id\":42}");
    }

    @Test
    void onceTheTtlHasPassed_theKeyIsNewAgain_andTheExpiredRecordIsTakenOver() {
        Lease first = proceeds(h.begin(request, settings));
        h.finishCreated(first, "{\"id\":42}");
        h.clock.advance(TTL);

        Lease second = proceeds(h.begin(request, settings));

        assertThat(h.store.calls(InMemoryStore.Op.TAKE_OVER)).isEqualTo(1);
        IdempotencyRecord record = h.recordOf(second.id());
        assertThat(record.state()).isEqualTo(RecordState.IN_FLIGHT);
        assertThat(record.leaseToken()).isEqualTo(second.token()).isNotEqualTo(first.token());
    }

    @Test
    void onceTheTtlHasPassed_evenADifferentRequestMayUseTheKey() {
        h.finishCreated(proceeds(h.begin(request, settings)), "{\"id\":42}");
        h.clock.advance(TTL);

        proceeds(h.begin(request.withBody("{\"item\":43}"), settings));
    }

    @Test
    void completedWithinTheTenthOfASecondOfItsClaim_keepsTheExpiryTheClaimWrote() {
        h.clock.advance(Duration.ofMillis(12));
        Lease lease = proceeds(h.begin(request, settings));
        Instant claimed = h.recordOf(lease.id()).expiresAt();
        h.clock.advance(Duration.ofMillis(50));

        h.finishCreated(lease, "{\"id\":42}");

        IdempotencyRecord record = h.recordOf(lease.id());
        assertThat(record.state()).isEqualTo(RecordState.DONE);
        assertThat(claimed).isEqualTo(FakeClock.START.plusMillis(100).plus(TTL));
        assertThat(record.expiresAt()).isEqualTo(claimed).isAfterOrEqualTo(h.clock.instant().plus(TTL));
    }

    @Test
    void completedInALaterTenthOfASecond_expiresTtlAfterItsCompletion_roundedUpToATenth() {
        Lease lease = proceeds(h.begin(request, settings));
        h.clock.advance(Duration.ofMillis(1_234));

        h.finishCreated(lease, "{\"id\":42}");

        assertThat(h.recordOf(lease.id()).expiresAt()).isEqualTo(FakeClock.START.plusMillis(1_300).plus(TTL));
        h.clock.advance(TTL.plusMillis(65));
        assertThat(text(replays(h.begin(request, settings)))).isEqualTo("{\"id\":42}");
        h.clock.advance(Duration.ofMillis(1));
        proceeds(h.begin(request, settings));
    }

    @Test
    void retryJustBeforeTheLeaseExpires_isStillRejectedWith409() {
        proceeds(h.begin(request, settings));
        h.clock.advance(LEASE.minusMillis(1));

        rejects(h.begin(request, settings), Problem.IN_FLIGHT);
    }

    @Test
    void retryAfterTheLeaseExpired_takesTheKeyOverWithANewToken() {
        Lease dead = proceeds(h.begin(request, settings));
        h.clock.advance(LEASE);

        Lease retry = proceeds(h.begin(request, settings));

        assertThat(retry.id()).isEqualTo(dead.id());
        assertThat(retry.token()).isNotEqualTo(dead.token());
        IdempotencyRecord record = h.recordOf(retry.id());
        assertThat(record.leaseToken()).isEqualTo(retry.token());
        assertThat(record.lockedUntil()).isEqualTo(h.clock.instant().plus(LEASE));
    }

    @Test
    void deadOwnersLateFinish_isRefused_andTheRecordKeepsTheNewOwnersResponse() {
        Lease dead = proceeds(h.begin(request, settings));
        h.clock.advance(LEASE);
        Lease retry = proceeds(h.begin(request, settings));
        h.finishCreated(retry, "{\"by\":\"retry\"}");

        h.finishCreated(dead, "{\"by\":\"dead\"}");

        assertThat(text(replays(h.begin(request, settings)))).isEqualTo("{\"by\":\"retry\"}");
    }

    @Test
    void deadOwnersLateFinish_whileTheNewOwnerRuns_changesNothing() {
        Lease dead = proceeds(h.begin(request, settings));
        h.clock.advance(LEASE);
        Lease retry = proceeds(h.begin(request, settings));

        h.finishCreated(dead, "{\"by\":\"dead\"}");

        IdempotencyRecord record = h.recordOf(retry.id());
        assertThat(record.state()).isEqualTo(RecordState.IN_FLIGHT);
        assertThat(record.leaseToken()).isEqualTo(retry.token());
        rejects(h.begin(request, settings), Problem.IN_FLIGHT);
    }

    @Test
    void deadOwnersAbandon_doesNotDeleteTheNewOwnersClaim() {
        Lease dead = proceeds(h.begin(request, settings));
        h.clock.advance(LEASE);
        Lease retry = proceeds(h.begin(request, settings));

        h.engine.abandon(dead, "the operation threw");
        h.engine.finish(dead, 500, java.util.Map.of(), new byte[0], 0);

        assertThat(h.recordOf(retry.id()).leaseToken()).isEqualTo(retry.token());
        rejects(h.begin(request, settings), Problem.IN_FLIGHT);
    }

    @Test
    void differentRequestAfterTheLeaseExpired_isStillRejectedWith422() {
        proceeds(h.begin(request, settings));
        h.clock.advance(LEASE);

        rejects(h.begin(request.withBody("{\"item\":43}"), settings), Problem.KEY_REUSED);
    }
}
