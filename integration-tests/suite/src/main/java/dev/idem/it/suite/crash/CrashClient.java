package dev.idem.it.suite.crash;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * HTTP to one incarnation of the application. A new client for every incarnation: connections
 * pooled to a killed JVM are never reused.
 */
public final class CrashClient {

    static final String KEY_HEADER = "Idempotency-Key";
    static final String REPLAYED_HEADER = "Idempotent-Replayed";

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    private static final String KEY_MISSING = "urn:idem:problem:key-missing";

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(CONNECT_TIMEOUT)
            .build();

    public CrashClient(URI base) {
        this.base = base;
    }

    /** A status, the response headers and the exact body bytes. */
    public record Reply(int status, Map<String, List<String>> headers, byte[] body) {

        public String header(String name) {
            return headers.entrySet().stream()
                    .filter(entry -> entry.getKey().equalsIgnoreCase(name))
                    .flatMap(entry -> entry.getValue().stream())
                    .findFirst().orElse(null);
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return status + " " + text();
        }
    }

    /** {@code POST pathAndQuery} with an empty body, the key and any further headers. */
    public Reply post(String key, String pathAndQuery, Map<String, String> headers) {
        try {
            return postInBackground(key, pathAndQuery, headers).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("POST " + pathAndQuery + " to " + base + " failed: " + e.getCause(), e.getCause());
        }
    }

    public Reply post(String key, String pathAndQuery) {
        return post(key, pathAndQuery, Map.of());
    }

    /** The same request, sent without waiting for its answer. */
    public CompletableFuture<Reply> postInBackground(String key, String pathAndQuery) {
        return postInBackground(key, pathAndQuery, Map.of());
    }

    public CompletableFuture<Reply> postInBackground(String key, String pathAndQuery, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + pathAndQuery))
                .timeout(REQUEST_TIMEOUT)
                .POST(HttpRequest.BodyPublishers.noBody());
        if (key != null) {
            request.header(KEY_HEADER, key);
        }
        headers.forEach(request::header);
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray())
                .thenApply(response -> new Reply(response.statusCode(), response.headers().map(), response.body()));
    }

    /**
     * Waits until the application behind {@code base} serves Idem's answers: a {@code POST /orders}
     * without a key is refused with Idem's 400 key-missing problem (nothing runs). Fails at once
     * when {@code alive} turns false, and after {@code timeout}.
     */
    public static void awaitServing(URI base, BooleanSupplier alive, Duration timeout, Supplier<String> what) {
        CrashClient client = new CrashClient(base);
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!alive.getAsBoolean()) {
                throw new IllegalStateException(what.get() + " ended while starting; last probe: " + last);
            }
            try {
                HttpResponse<String> probe = client.http.send(HttpRequest.newBuilder(URI.create(base + "/orders"))
                                .timeout(Duration.ofSeconds(5))
                                .POST(HttpRequest.BodyPublishers.noBody()).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (probe.statusCode() == 400 && probe.body().contains(KEY_MISSING)) {
                    return;
                }
                last = probe.statusCode() + " " + probe.body();
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            pause(200);
        }
        throw new IllegalStateException(what.get() + " did not serve within " + timeout + "; last probe: " + last);
    }

    public static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
