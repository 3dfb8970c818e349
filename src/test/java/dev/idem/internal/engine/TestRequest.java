package dev.idem.internal.engine;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** An immutable HTTP request description for the engine; each {@code with...} returns a changed copy. */
record TestRequest(String method, String path, String query, Map<String, List<String>> headers, String principal,
        byte[] bodyBytes, int bodyLength) implements RequestView {

    static final String KEY = "order-7f3a9c2e41b5";

    /** {@code POST /orders?currency=EUR} by alice, body {"item":42}, with the key {@link #KEY}. */
    static TestRequest post() {
        byte[] body = "{\"item\":42}".getBytes(StandardCharsets.UTF_8);
        return new TestRequest("POST", "/orders", "currency=EUR", headers(Map.of()), "alice", body, body.length)
                .withKey(KEY);
    }

    TestRequest withKey(String key) {
        return withHeader("Idempotency-Key", key);
    }

    TestRequest withHeader(String name, String... values) {
        Map<String, List<String>> copy = headers(headers);
        copy.put(name, List.of(values));
        return new TestRequest(method, path, query, copy, principal, bodyBytes, bodyLength);
    }

    TestRequest withoutHeader(String name) {
        Map<String, List<String>> copy = headers(headers);
        copy.remove(name);
        return new TestRequest(method, path, query, copy, principal, bodyBytes, bodyLength);
    }

    TestRequest withMethod(String value) {
        return new TestRequest(value, path, query, headers, principal, bodyBytes, bodyLength);
    }

    TestRequest withPath(String value) {
        return new TestRequest(method, value, query, headers, principal, bodyBytes, bodyLength);
    }

    TestRequest withQuery(String value) {
        return new TestRequest(method, path, value, headers, principal, bodyBytes, bodyLength);
    }

    TestRequest withPrincipal(String value) {
        return new TestRequest(method, path, query, headers, value, bodyBytes, bodyLength);
    }

    TestRequest withBody(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return withBody(bytes, bytes.length);
    }

    /** A body of which only the first {@code length} bytes of {@code buffer} count. */
    TestRequest withBody(byte[] buffer, int length) {
        return new TestRequest(method, path, query, headers, principal, buffer, length);
    }

    TestRequest withBodyOfSize(int size) {
        byte[] bytes = new byte[size];
        Arrays.fill(bytes, (byte) 'x');
        return withBody(bytes, size);
    }

    @Override
    public List<String> header(String name) {
        return headers.get(name);
    }

    @Override
    public Body body(long limit) {
        return bodyLength > limit ? null : new Body(bodyBytes, bodyLength);
    }

    private static Map<String, List<String>> headers(Map<String, List<String>> from) {
        Map<String, List<String>> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        map.putAll(from);
        return map;
    }
}
