package dev.idem.it.suite;

import org.junit.jupiter.api.Tag;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 5, "Reliability suite", item 1: a storm of duplicates. For each of {@value #KEYS} keys,
 * {@value #COPIES} identical requests are released at the same instant, {@value #KEYS_AT_ONCE}
 * keys at a time (a pool of {@value #POOL} threads, every request bounded by
 * {@link #REQUEST_TIMEOUT}). Whatever the interleaving, the resource runs exactly once per key,
 * counted in the database, and no duplicate ever gets a 5xx or an answer outside the contract.
 */
@Tag("reliability")
public class StormContract extends ContractSupport {

    /** Distinct keys, each stormed once. */
    static final int KEYS = 50;

    /** Identical concurrent requests per key. */
    static final int COPIES = 32;

    /** Threads, hence requests in flight at once. */
    static final int POOL = 64;

    /** Keys stormed together: every one of their copies has a thread of its own. */
    static final int KEYS_AT_ONCE = POOL / COPIES;

    /** How long the resource works on the one run per key, so that the copies overlap it. */
    static final long RESOURCE_MS = 200;

    /** Bound of one request: far above the wait mode's bound (PT10S), far below a hang. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private ExecutorService pool;
    private HttpClient client;

    /**
     * 409 bodies already checked as problems: the storm yields about 1,500 of them, few distinct,
     * and RestAssured's JsonPath evaluates each path through Groovy, at milliseconds a call.
     */
    private final Set<String> checkedProblems = new HashSet<>();

    @BeforeEach
    public void startPool() {
        pool = Executors.newFixedThreadPool(POOL, runnable -> {
            Thread thread = new Thread(runnable, "idem-it-storm");
            thread.setDaemon(true);
            return thread;
        });
        client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(REQUEST_TIMEOUT)
                .build();
    }

    @AfterEach
    public void stopPool() throws InterruptedException {
        pool.shutdownNow();
        pool.awaitTermination(REQUEST_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    /**
     * Default (reject) mode, {@code POST /orders/slow}: per key one fresh 200 that placed the
     * order; every other copy is either a byte-identical replay of it or a 409 in-flight problem.
     */
    @Test
    public void storm_rejectMode_eachKeyRunsOnce_everyDuplicateIsAReplayOrA409() {
        long began = System.nanoTime();
        Map<String, List<Burst.Reply>> storms = storm("/orders/slow?ms=" + RESOURCE_MS + "&ref=");
        long millis = (System.nanoTime() - began) / 1_000_000;

        Map<String, Integer> tally = new TreeMap<>();
        storms.forEach((ref, replies) -> {
            Burst.Reply first = assertOneFreshRunAndNo5xx(ref, replies);
            for (Burst.Reply reply : replies) {
                if (reply == first) {
                    tally.merge("fresh 200", 1, Integer::sum);
                } else if (reply.status() == 409) {
                    assertInFlightProblem(ref, reply);
                    tally.merge("409 in-flight", 1, Integer::sum);
                } else {
                    assertReplay(ref, reply, first);
                    tally.merge("replay", 1, Integer::sum);
                }
            }
            assertThat(db().countExecutions("orders-slow", ref)).as("runs for %s", ref).isEqualTo(1);
            assertThat(db().countOrders(ref)).as("orders placed for %s", ref).isEqualTo(1);
        });
        System.out.printf("[storm] reject mode: %d keys x %d copies in %d ms (%d ms with the checks): %s; %d distinct 409 bodies%n",
                KEYS, COPIES, millis, (System.nanoTime() - began) / 1_000_000, tally, checkedProblems.size());
    }

    /**
     * Wait mode, {@code POST /wait/slow} ({@code inFlight = "wait"}, {@code inFlightMaxWait = "PT10S"}):
     * per key one fresh 200 and every other copy a byte-identical replay of it: no 409, no 5xx.
     */
    @Test
    public void storm_waitMode_eachKeyRunsOnce_everyDuplicateGetsTheReplay() {
        long began = System.nanoTime();
        Map<String, List<Burst.Reply>> storms = storm("/wait/slow?ms=" + RESOURCE_MS + "&ref=");
        long millis = (System.nanoTime() - began) / 1_000_000;

        storms.forEach((ref, replies) -> {
            Burst.Reply first = assertOneFreshRunAndNo5xx(ref, replies);
            for (Burst.Reply reply : replies) {
                if (reply != first) {
                    assertReplay(ref, reply, first);
                }
            }
            assertThat(db().countExecutions("wait-slow", ref)).as("runs for %s", ref).isEqualTo(1);
        });
        System.out.printf("[storm] wait mode: %d keys x %d copies in %d ms (%d ms with the checks): %d fresh runs, %d replays%n",
                KEYS, COPIES, millis, (System.nanoTime() - began) / 1_000_000, KEYS, KEYS * (COPIES - 1));
    }

    /**
     * Storms {@value #KEYS} fresh keys, {@value #KEYS_AT_ONCE} at a time, each with {@value #COPIES}
     * copies of {@code POST pathBeforeRef + ref} released together; the replies by ref.
     */
    private Map<String, List<Burst.Reply>> storm(String pathBeforeRef) {
        Map<String, List<Burst.Reply>> byRef = new LinkedHashMap<>();
        for (int wave = 0; wave < KEYS; wave += KEYS_AT_ONCE) {
            int keys = Math.min(KEYS_AT_ONCE, KEYS - wave);
            CountDownLatch ready = new CountDownLatch(keys * COPIES);
            CountDownLatch go = new CountDownLatch(1);
            Map<String, List<Future<Burst.Reply>>> pending = new LinkedHashMap<>();
            for (int k = 0; k < keys; k++) {
                String key = newKey();
                String ref = newRef();
                HttpRequest request = HttpRequest.newBuilder(URI.create(Target.baseUri() + pathBeforeRef + ref))
                        .timeout(REQUEST_TIMEOUT)
                        .header(KEY_HEADER, key)
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build();
                List<Future<Burst.Reply>> copies = new ArrayList<>();
                for (int c = 0; c < COPIES; c++) {
                    copies.add(pool.submit(() -> {
                        ready.countDown();
                        go.await();
                        return reply(client.send(request, HttpResponse.BodyHandlers.ofByteArray()));
                    }));
                }
                pending.put(ref, copies);
            }
            try {
                if (!ready.await(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new AssertionError("The storm's threads did not start within " + REQUEST_TIMEOUT);
                }
                go.countDown();
                long deadline = System.nanoTime() + REQUEST_TIMEOUT.toNanos();
                for (Map.Entry<String, List<Future<Burst.Reply>>> copies : pending.entrySet()) {
                    List<Burst.Reply> replies = new ArrayList<>();
                    for (Future<Burst.Reply> reply : copies.getValue()) {
                        replies.add(reply.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
                    }
                    byRef.put(copies.getKey(), replies);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            } catch (Exception e) {
                throw new AssertionError("A request of the storm (wave of key " + (wave + 1) + ") did not complete within "
                        + REQUEST_TIMEOUT + ": " + e, e);
            }
        }
        return byRef;
    }

    /** No 5xx at all, and exactly one answer that the resource produced: the one run. */
    private static Burst.Reply assertOneFreshRunAndNo5xx(String ref, List<Burst.Reply> replies) {
        assertThat(replies).as("answers for %s", ref).hasSize(COPIES);
        assertThat(replies).as("5xx answers for %s", ref).noneMatch(reply -> reply.status() >= 500);
        List<Burst.Reply> fresh = replies.stream()
                .filter(reply -> reply.status() == 200 && reply.replayed() == null)
                .toList();
        assertThat(fresh).as("fresh runs (200 without %s) for %s; all answers: %s", REPLAYED_HEADER, ref, replies)
                .hasSize(1);
        Burst.Reply first = fresh.get(0);
        assertThat(first.contentType()).as("Content-Type of the run for %s", ref).startsWith("application/json");
        assertThat(first.bodyText()).as("body of the run for %s", ref).contains("\"ref\":\"" + ref + "\"");
        return first;
    }

    private static void assertReplay(String ref, Burst.Reply reply, Burst.Reply first) {
        assertThat(reply.status()).as("status of a duplicate for %s: %s", ref, reply).isEqualTo(first.status());
        assertThat(reply.replayed()).as("%s of a duplicate for %s: %s", REPLAYED_HEADER, ref, reply).isEqualTo("true");
        assertThat(reply.body()).as("replayed body bytes for %s", ref).isEqualTo(first.body());
        assertThat(reply.contentType()).as("replayed Content-Type for %s", ref).isEqualTo(first.contentType());
    }

    private void assertInFlightProblem(String ref, Burst.Reply reply) {
        assertThat(reply.contentType()).as("Content-Type of a 409 for %s: %s", ref, reply).startsWith(PROBLEM_JSON);
        if (checkedProblems.add(reply.bodyText())) {
            JsonPath problem = new JsonPath(reply.bodyText());
            assertThat(problem.getString("type")).as("problem type of a 409 for %s: %s", ref, reply).isEqualTo(IN_FLIGHT);
            assertThat(problem.getString("title")).as("problem title of a 409 for %s: %s", ref, reply).isNotBlank();
            assertThat(problem.getInt("status")).as("problem status of a 409 for %s: %s", ref, reply).isEqualTo(409);
        }
        assertThat(reply.replayed()).as("%s on a 409 for %s", REPLAYED_HEADER, ref).isNull();
        assertRetryAfterSeconds(reply.retryAfter());
    }

    private static Burst.Reply reply(HttpResponse<byte[]> response) {
        return new Burst.Reply(response.statusCode(),
                response.headers().firstValue(REPLAYED_HEADER).orElse(null),
                response.headers().firstValue("Content-Type").orElse(null),
                response.headers().firstValue("Location").orElse(null),
                response.headers().firstValue("Retry-After").orElse(null),
                response.body());
    }
}
