package dev.idem.it.suite;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Identical requests sent at the same instant from a pool of threads, each bounded by a timeout:
 * the duplicates a client, a proxy and a retrying load balancer send together.
 */
final class Burst {

    /** One answer of a burst: status, the headers the tests compare, body bytes. */
    record Reply(int status, String replayed, String contentType, String location, String retryAfter, byte[] body) {

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return status + (replayed == null ? "" : " replayed=" + replayed) + " " + bodyText();
        }
    }

    private Burst() {
    }

    /** {@code copies} identical {@code POST pathAndQuery} with an empty body and these headers, released together. */
    static List<Reply> post(String pathAndQuery, Map<String, String> headers, int copies, Duration timeout) {
        URI target = URI.create(Target.baseUri() + pathAndQuery);
        ExecutorService pool = Executors.newFixedThreadPool(copies, runnable -> {
            Thread thread = new Thread(runnable, "idem-it-burst");
            thread.setDaemon(true);
            return thread;
        });
        try {
            HttpClient client = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(timeout)
                    .build();
            CountDownLatch ready = new CountDownLatch(copies);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Reply>> pending = new ArrayList<>();
            for (int i = 0; i < copies; i++) {
                pending.add(pool.submit(() -> {
                    HttpRequest.Builder request = HttpRequest.newBuilder(target)
                            .timeout(timeout)
                            .POST(HttpRequest.BodyPublishers.noBody());
                    headers.forEach(request::header);
                    ready.countDown();
                    go.await();
                    return reply(client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray()));
                }));
            }
            if (!ready.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("The burst's " + copies + " threads did not start within " + timeout);
            }
            go.countDown();
            long deadline = System.nanoTime() + timeout.toNanos();
            List<Reply> replies = new ArrayList<>();
            for (Future<Reply> reply : pending) {
                replies.add(reply.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            }
            return replies;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (Exception e) {
            throw new AssertionError("A request of the burst on " + target + " did not complete within " + timeout + ": " + e, e);
        } finally {
            pool.shutdownNow();
        }
    }

    private static Reply reply(HttpResponse<byte[]> response) {
        return new Reply(response.statusCode(),
                response.headers().firstValue("Idempotent-Replayed").orElse(null),
                response.headers().firstValue("Content-Type").orElse(null),
                response.headers().firstValue("Location").orElse(null),
                response.headers().firstValue("Retry-After").orElse(null),
                response.body());
    }
}
