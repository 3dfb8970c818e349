package dev.idem.internal.engine;

import static dev.idem.internal.engine.EngineHarness.proceeds;
import static dev.idem.internal.engine.EngineHarness.rejects;
import static dev.idem.internal.engine.EngineHarness.replays;
import static dev.idem.internal.engine.EngineHarness.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Same-transaction mode when another request took the key before this one could record it: the
 * strict completion says so ({@link KeyTakenException}), and the rolled-back request then answers
 * as a duplicate would, without running anything.
 */
class KeyTakenTest {
    @RegisterExtension
    final LogCapture log = new LogCapture();
    private static final Duration LEASE = Duration.ofSeconds(30);

    private final EngineHarness h = new EngineHarness();
    private final Settings settings = SettingsBuilder.settings().lease(LEASE).build();
    private final TestRequest request = TestRequest.post();

    /** The first request's lease expired and a retry took the key over: the first one's lease is gone. */
    private Lease lostLease() {
        Lease first = proceeds(h.begin(request, settings));
        h.clock.advance(LEASE);
        proceeds(h.begin(request, settings));
        return first;
    }

    private void finishInTransaction(Lease lease, String text) {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        h.engine.finishInTransaction(lease, 201, Map.of("Content-Type", List.of("application/json")), body, body.length);
    }

    @Test
    void strictCompletion_ofAKeyAnotherRequestHolds_throwsKeyTaken() {
        Lease first = lostLease();

        assertThatThrownBy(() -> finishInTransaction(first, "{\"id\":1}"))
                .isInstanceOf(KeyTakenException.class)
                .hasMessageContaining(first.id().toString());
    }

    @Test
    void lenientCompletion_ofAKeyAnotherRequestHolds_onlyWarns() {
        Lease first = lostLease();

        h.finishCreated(first, "{\"id\":1}");

        assertThat(log.warnings()).anyMatch(line -> line.contains("taken over"));
    }

    @Test
    void afterKeyTaken_whileTheOtherRequestRuns_is409WithItsLeaseAsRetryAfter() {
        Lease first = lostLease();
        h.clock.advance(Duration.ofSeconds(10));

        Decision.Reject reject = rejects(h.engine.afterKeyTaken(first), Problem.IN_FLIGHT);

        assertThat(reject.retryAfterSeconds()).isEqualTo(20);
    }

    @Test
    void afterKeyTaken_onceTheOtherRequestFinished_replaysItsResponse() {
        Lease first = proceeds(h.begin(request, settings));
        h.clock.advance(LEASE);
        h.finishCreated(proceeds(h.begin(request, settings)), "{\"id\":2}");

        assertThat(text(replays(h.engine.afterKeyTaken(first)))).isEqualTo("{\"id\":2}");
        assertThat(text(replays(h.begin(request, settings)))).isEqualTo("{\"id\":2}");
    }

    @Test
    void afterKeyTaken_byADifferentRequest_is422() {
        Lease first = proceeds(h.begin(request, settings));
        h.clock.advance(LEASE);
        h.engine.abandon(first, "test");
        h.finishCreated(proceeds(h.begin(request.withBody("{\"other\":true}"), settings)), "{\"id\":3}");

        rejects(h.engine.afterKeyTaken(first), Problem.KEY_REUSED);
    }

    @Test
    void afterKeyTaken_whenNoRecordIsLeft_is409InASecond() {
        Lease first = lostLease();
        h.store.delete(first.id());

        Decision.Reject reject = rejects(h.engine.afterKeyTaken(first), Problem.IN_FLIGHT);

        assertThat(reject.retryAfterSeconds()).isEqualTo(1);
    }

    @Test
    void afterKeyTaken_withTheStoreDown_is503WhateverTheFailureMode() {
        Settings open = SettingsBuilder.settings().lease(LEASE).failOpen().build();
        Lease first = proceeds(h.begin(request, open));
        h.store.goDown();

        rejects(h.engine.afterKeyTaken(first), Problem.STORE_UNAVAILABLE);
    }
}
