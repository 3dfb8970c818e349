package dev.idem.internal.engine;

import static dev.idem.internal.engine.EngineHarness.proceeds;
import static dev.idem.internal.engine.EngineHarness.rejects;
import static dev.idem.internal.engine.EngineHarness.replays;
import static dev.idem.internal.engine.EngineHarness.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.idem.spi.IdempotencyRecord;
import dev.idem.spi.RecordState;
import dev.idem.spi.StoredResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** SPEC rows: first request, same key same request, same key different request. */
class ReplayAndKeyReuseTest {
    private final EngineHarness h = new EngineHarness();
    private final Settings settings = SettingsBuilder.settings().build();
    private final TestRequest request = TestRequest.post();

    @Test
    void firstRequestWithNewKey_proceedsAndHoldsAnInFlightClaim() {
        Lease lease = proceeds(h.begin(request, settings));

        assertThat(lease.id().key()).isEqualTo(TestRequest.KEY);
        assertThat(lease.settings()).isSameAs(settings);
        IdempotencyRecord record = h.recordOf(lease.id());
        assertThat(record.state()).isEqualTo(RecordState.IN_FLIGHT);
        assertThat(record.leaseToken()).isEqualTo(lease.token());
        assertThat(record.lockedUntil()).isEqualTo(FakeClock.START.plus(settings.lease()));
    }

    @Test
    void sameKeySameRequestAfterFinish_replaysExactStatusHeadersAndBodyBytes() {
        Lease lease = proceeds(h.begin(request, settings));
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Location", List.of("/orders/42"));
        headers.put("Content-Type", List.of("application/octet-stream"));
        headers.put("Link", List.of("</orders/42/items>; rel=items", "</orders>; rel=up"));
        byte[] body = {0, (byte) 0xff, (byte) 0x80, '\r', '\n', 'x'};
        h.engine.finish(lease, 201, headers, body, body.length);

        StoredResponse replayed = replays(h.begin(request, settings));

        assertThat(replayed.status()).isEqualTo(201);
        assertThat(replayed.headers()).containsExactlyEntriesOf(headers);
        assertThat(replayed.body()).containsExactly(0, (byte) 0xff, (byte) 0x80, '\r', '\n', 'x');
    }

    @Test
    void replay_containsOnlyTheCountedBytesOfTheResponseBuffer() {
        Lease lease = proceeds(h.begin(request, settings));
        byte[] buffer = new byte[64];
        System.arraycopy("hello".getBytes(), 0, buffer, 0, 5);
        buffer[5] = 'X'; // beyond the length: garbage of a reused buffer
        h.engine.finish(lease, 200, Map.of(), buffer, 5);

        assertThat(text(replays(h.begin(request, settings)))).isEqualTo("hello");
    }

    @Test
    void replay_isRepeatable() {
        h.finishCreated(proceeds(h.begin(request, settings)), "{\"id\":42}");

        for (int i = 0; i < 3; i++) {
            assertThat(text(replays(h.begin(request, settings)))).isEqualTo("{\"id\":42}");
        }
    }

    @Test
    void sameKeyDifferentBodyAfterFinish_isRejectedWith422() {
        h.finishCreated(proceeds(h.begin(request, settings)), "{\"id\":42}");

        Decision.Reject reject = rejects(h.begin(request.withBody("{\"item\":43}"), settings), Problem.KEY_REUSED);

        assertThat(reject.problem().status()).isEqualTo(422);
        assertThat(reject.retryAfterSeconds()).isZero();
    }

    @Test
    void sameKeyDifferentBodyWhileFirstInFlight_isRejectedWith422NotWith409() {
        proceeds(h.begin(request, settings));

        rejects(h.begin(request.withBody("{\"item\":43}"), settings), Problem.KEY_REUSED);
    }

    @Test
    void rejectedReuse_leavesTheRecordedResponseIntact() {
        h.finishCreated(proceeds(h.begin(request, settings)), "{\"id\":42}");
        rejects(h.begin(request.withBody("{\"item\":43}"), settings), Problem.KEY_REUSED);

        assertThat(text(replays(h.begin(request, settings)))).isEqualTo("{\"id\":42}");
    }
}
