package dev.idem.spi;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A recorded outcome: status, allow-listed headers in their original order, and the exact body bytes.
 * The body array is owned by this object; callers must not modify it.
 */
public final class StoredResponse {
    private final int status;
    private final Map<String, List<String>> headers;
    private final byte[] body;

    public StoredResponse(int status, Map<String, List<String>> headers, byte[] body) {
        this.status = status;
        Map<String, List<String>> copy = new LinkedHashMap<>();
        headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
        this.headers = Collections.unmodifiableMap(copy);
        this.body = Objects.requireNonNull(body, "body");
    }

    public int status() {
        return status;
    }

    /** Header names as recorded, each with its values in order. */
    public Map<String, List<String>> headers() {
        return headers;
    }

    /** The exact body bytes; empty when the response had no entity. */
    public byte[] body() {
        return body;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StoredResponse other
                && status == other.status
                && headers.equals(other.headers)
                && Arrays.equals(body, other.body);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * status + headers.hashCode()) + Arrays.hashCode(body);
    }

    /** Never shows the body: stored bodies stay out of logs and messages. */
    @Override
    public String toString() {
        return "StoredResponse[status=" + status + ", headers=" + headers.keySet() + ", body=" + body.length + " bytes]";
    }
}
