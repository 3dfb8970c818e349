package dev.idem.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Timeout;

/** Many simultaneous requests with one key: exactly one runs. */
@Timeout(10)
class ConcurrencyTest {
    @RegisterExtension
    final LogCapture log = new LogCapture();
    private static final int THREADS = 32;

    private final EngineHarness h = new EngineHarness();
    private final Settings settings = SettingsBuilder.settings().build();
    private final TestRequest request = TestRequest.post();
    private final ExecutorService pool = Executors.newFixedThreadPool(THREADS);

    @AfterEach
    void stopPool() throws InterruptedException {
        pool.shutdownNow();
        pool.awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void thirtyTwoSimultaneousRequests_exactlyOneProceedsTheRestAre409_thenAllReplay() throws Exception {
        List<Decision> racing = beginAllAtOnce();

        Map<Class<?>, List<Decision>> byKind = byKind(racing);
        assertThat(byKind.get(Decision.Proceed.class)).hasSize(1);
        assertThat(byKind.get(Decision.Reject.class)).hasSize(THREADS - 1)
                .allSatisfy(d -> assertThat(((Decision.Reject) d).problem()).isEqualTo(Problem.IN_FLIGHT));

        h.finishCreated(((Decision.Proceed) byKind.get(Decision.Proceed.class).get(0)).lease(), "{\"id\":42}");

        assertThat(beginAllAtOnce()).allSatisfy(d -> assertThat(d).isInstanceOf(Decision.Replay.class));
    }

    @Test
    void thirtyTwoSimultaneousRetriesAfterTheLeaseExpired_exactlyOneTakesOver() throws Exception {
        EngineHarness.proceeds(h.begin(request, settings));
        h.clock.advance(settings.lease());

        Map<Class<?>, List<Decision>> byKind = byKind(beginAllAtOnce());

        assertThat(byKind.get(Decision.Proceed.class)).hasSize(1);
        assertThat(byKind.get(Decision.Reject.class)).hasSize(THREADS - 1);
    }

    private List<Decision> beginAllAtOnce() throws Exception {
        CyclicBarrier start = new CyclicBarrier(THREADS);
        List<Future<Decision>> futures = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            futures.add(pool.submit(() -> {
                start.await(5, TimeUnit.SECONDS);
                return h.begin(request, settings);
            }));
        }
        List<Decision> decisions = new ArrayList<>();
        for (Future<Decision> future : futures) {
            decisions.add(future.get(5, TimeUnit.SECONDS));
        }
        return decisions;
    }

    private static Map<Class<?>, List<Decision>> byKind(List<Decision> decisions) {
        return decisions.stream().collect(Collectors.groupingBy(Object::getClass));
    }
}
