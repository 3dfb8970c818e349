package dev.idem.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Records the keys that phase D replays: {@code count} first requests to the separate-mode endpoint,
 * key {@code <prefix>-<i as 10 digits>} with body {@code {"ref":"<prefix>-<i>","amount":<i>}}, as the replay
 * script sends them. Fails unless every one answers 201 without {@code Idempotent-Replayed}.
 *
 * <p>Arguments: base URL, key prefix, count, concurrency.
 */
public final class Preload {

    private Preload() {
    }

    public static void main(String... args) throws Exception {
        String base = args[0];
        String prefix = args[1];
        int count = Integer.parseInt(args[2]);
        int concurrency = args.length > 3 ? Integer.parseInt(args[3]) : 8;
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < concurrency; w++) {
            workers.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    String key = String.format("%s-%010d", prefix, i);
                    HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/idem/orders"))
                            .header("Content-Type", "application/json")
                            .header("Idempotency-Key", key)
                            .timeout(Duration.ofSeconds(30))
                            .POST(HttpRequest.BodyPublishers.ofString("{\"ref\":\"" + key + "\",\"amount\":" + i + "}"))
                            .build();
                    try {
                        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                        if (response.statusCode() != 201 || response.headers().firstValue("Idempotent-Replayed").isPresent()) {
                            failures.incrementAndGet();
                        }
                    } catch (Exception e) {
                        failures.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
        pool.shutdown();
        if (failures.get() > 0) {
            System.err.println("preload: " + failures.get() + " of " + count + " first requests did not answer 201");
            System.exit(1);
        }
        System.out.println("preload: recorded " + count + " keys");
    }
}
