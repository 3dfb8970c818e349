package dev.idem.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.idem.spi.IdempotencyRecord;
import dev.idem.spi.RecordId;
import dev.idem.spi.StoredResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An engine over an {@link InMemoryStore}, a {@link FakeClock}, an {@link AdvancingPauser} and
 * predictable fencing tokens (1, 2, 3, ...), plus assertions on decisions.
 */
final class EngineHarness {
    final FakeClock clock = new FakeClock();
    final InMemoryStore store = new InMemoryStore(clock);
    final AdvancingPauser pauser = new AdvancingPauser(clock);
    final AtomicLong tokens = new AtomicLong();
    final IdempotencyEngine engine = new IdempotencyEngine(store, clock, pauser, tokens::incrementAndGet);

    Decision begin(TestRequest request, Settings settings) {
        return engine.begin(request, settings);
    }

    /** Finishes with a 201, a JSON content type and the body {@code text}. */
    void finishCreated(Lease lease, String text) {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        engine.finish(lease, 201, Map.of("Content-Type", List.of("application/json")), body, body.length);
    }

    IdempotencyRecord recordOf(RecordId id) {
        return store.peek(id).orElseThrow(() -> new AssertionError("no record for " + id));
    }

    static Lease proceeds(Decision decision) {
        assertThat(decision).isInstanceOf(Decision.Proceed.class);
        return ((Decision.Proceed) decision).lease();
    }

    static StoredResponse replays(Decision decision) {
        assertThat(decision).isInstanceOf(Decision.Replay.class);
        return ((Decision.Replay) decision).response();
    }

    static Decision.Reject rejects(Decision decision, Problem problem) {
        assertThat(decision).isInstanceOf(Decision.Reject.class);
        Decision.Reject reject = (Decision.Reject) decision;
        assertThat(reject.problem()).isEqualTo(problem);
        return reject;
    }

    static void bypasses(Decision decision) {
        assertThat(decision).isInstanceOf(Decision.Bypass.class);
    }

    static String text(StoredResponse response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }
}
