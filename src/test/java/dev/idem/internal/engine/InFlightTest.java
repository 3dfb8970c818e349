package dev.idem.internal.engine;

import static dev.idem.internal.engine.EngineHarness.proceeds;
import static dev.idem.internal.engine.EngineHarness.rejects;
import static dev.idem.internal.engine.EngineHarness.replays;
import static dev.idem.internal.engine.EngineHarness.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** SPEC row: same key while the first is still running, in reject mode and in wait mode. */
class InFlightTest {
    @RegisterExtension
    final LogCapture log = new LogCapture();
    private final EngineHarness h = new EngineHarness();
    private final TestRequest request = TestRequest.post();
    private final Settings reject = SettingsBuilder.settings().lease(Duration.ofMinutes(1)).build();
    private final Settings wait = SettingsBuilder.settings().lease(Duration.ofMinutes(1))
            .waitInFlight(Duration.ofSeconds(2)).build();

    @Test
    void sameKeyWhileFirstInFlight_isRejectedWith409RetryingAfterTheRemainingLeaseRoundedUp() {
        proceeds(h.begin(request, reject));
        h.clock.advance(Duration.ofMillis(20_300)); // 39.7 s of lease left

        Decision.Reject conflict = rejects(h.begin(request, reject), Problem.IN_FLIGHT);

        assertThat(conflict.problem().status()).isEqualTo(409);
        assertThat(conflict.retryAfterSeconds()).isEqualTo(40);
    }

    @Test
    void inFlight_retryAfterOfAWholeNumberOfSecondsIsNotRoundedUp() {
        proceeds(h.begin(request, reject));
        h.clock.advance(Duration.ofSeconds(20));

        assertThat(rejects(h.begin(request, reject), Problem.IN_FLIGHT).retryAfterSeconds()).isEqualTo(40);
    }

    @Test
    void inFlight_retryAfterIsAtLeastOneSecondWhenTheLeaseIsAboutToEnd() {
        proceeds(h.begin(request, reject));
        h.clock.advance(Duration.ofMinutes(1).minusNanos(500_000)); // half a millisecond left

        assertThat(rejects(h.begin(request, reject), Problem.IN_FLIGHT).retryAfterSeconds()).isEqualTo(1);
    }

    @Test
    void inFlight_retryAfterRoundsUpASubMillisecondRemainder() {
        proceeds(h.begin(request, reject));
        h.clock.advance(Duration.ofSeconds(58).plusNanos(999_500_000)); // 1.0005 s of lease left

        // ceil(1.0005 s) = 2: a client retrying after 1 s would still find the lease held
        assertThat(rejects(h.begin(request, reject), Problem.IN_FLIGHT).retryAfterSeconds()).isEqualTo(2);
    }

    @Test
    void inRejectMode_theEngineNeverWaits() {
        proceeds(h.begin(request, reject));

        rejects(h.begin(request, reject), Problem.IN_FLIGHT);

        assertThat(h.pauser.pauses()).isZero();
        assertThat(h.clock.elapsed()).isZero();
    }

    @Test
    void waitMode_firstFinishesDuringTheWait_replaysItsResponse() {
        Lease first = proceeds(h.begin(request, wait));
        h.pauser.afterPause(3, () -> h.finishCreated(first, "{\"id\":42}"));

        String replayed = text(replays(h.begin(request, wait)));

        assertThat(replayed).isEqualTo("{\"id\":42}");
        assertThat(h.pauser.pauses()).isEqualTo(3);
        assertThat(h.clock.elapsed()).isLessThan(wait.inFlightMaxWait());
    }

    @Test
    void waitMode_firstReleasesDuringTheWait_theWaiterProceedsWithItsOwnClaim() {
        Lease first = proceeds(h.begin(request, wait));
        h.pauser.afterPause(2, () -> h.engine.abandon(first, "the operation answered 500"));

        Lease second = proceeds(h.begin(request, wait));

        assertThat(second.id()).isEqualTo(first.id());
        assertThat(second.token()).isNotEqualTo(first.token());
        assertThat(h.recordOf(second.id()).leaseToken()).isEqualTo(second.token());
    }

    @Test
    void waitMode_maxWaitPasses_isRejectedWith409AfterWaitingNoLongerThanTheBound() {
        proceeds(h.begin(request, wait));

        Decision.Reject conflict = rejects(h.begin(request, wait), Problem.IN_FLIGHT);

        assertThat(h.pauser.pauses()).isGreaterThan(1);
        assertThat(h.clock.elapsed()).isEqualTo(wait.inFlightMaxWait());
        assertThat(conflict.retryAfterSeconds()).isEqualTo(58);
    }

    @Test
    void waitMode_leaseExpiresDuringTheWait_theWaiterTakesOver() {
        Settings shortLease = SettingsBuilder.settings().lease(Duration.ofSeconds(1))
                .waitInFlight(Duration.ofSeconds(10)).build();
        Lease first = proceeds(h.begin(request, shortLease));

        Lease second = proceeds(h.begin(request, shortLease));

        assertThat(second.token()).isNotEqualTo(first.token());
        assertThat(h.clock.elapsed()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void waitMode_differentRequestWithTheSameKey_isRejectedWith422WithoutWaiting() {
        proceeds(h.begin(request, wait));

        rejects(h.begin(request.withBody("{\"item\":43}"), wait), Problem.KEY_REUSED);

        assertThat(h.pauser.pauses()).isZero();
    }

    @Test
    void waitMode_interruptedWhileWaiting_answers409AndKeepsTheInterruptFlag() {
        proceeds(h.begin(request, wait));
        IdempotencyEngine interrupted = new IdempotencyEngine(h.store, h.clock,
                d -> { throw new InterruptedException(); }, () -> 99);
        try {
            rejects(interrupted.begin(request, wait), Problem.IN_FLIGHT);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }
}
