package dev.idem.client;

import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Adds an {@code Idempotency-Key} header to outgoing POST and PATCH requests that have none.
 * The key is that of the {@link IdempotentCall logical call} running on the calling thread, so
 * every retry of the call carries the same key; outside a logical call each request gets a fresh
 * random key, and a retry of it is then a new request to the server. A key already on the
 * request (set by hand or by {@code @HeaderParam("Idempotency-Key")}) is never replaced. Other
 * methods are left untouched.
 *
 * <p>Not a {@code @Provider}: register it on the clients that should send keys.
 * <pre>{@code
 * @RegisterProvider(IdempotencyKeyFilter.class)       // MicroProfile Rest Client
 * public interface PaymentsClient { ... }
 *
 * Client client = ClientBuilder.newClient().register(new IdempotencyKeyFilter());   // JAX-RS
 * }</pre>
 */
public class IdempotencyKeyFilter implements ClientRequestFilter {

    /** The header the filter sets unless told otherwise. */
    public static final String DEFAULT_HEADER = "Idempotency-Key";

    /** The methods that get a key unless told otherwise. */
    public static final Set<String> DEFAULT_METHODS = Set.of("POST", "PATCH");

    private final String header;
    private final Set<String> methods;

    /** {@value #DEFAULT_HEADER} on POST and PATCH. */
    public IdempotencyKeyFilter() {
        this(DEFAULT_HEADER, DEFAULT_METHODS);
    }

    /**
     * The given header (the server's {@code idem.header}) on the given HTTP methods, matched
     * without regard to case.
     */
    public IdempotencyKeyFilter(String header, Set<String> methods) {
        this.header = Objects.requireNonNull(header, "header");
        this.methods = Objects.requireNonNull(methods, "methods").stream()
                .map(method -> method.toUpperCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
        if (header.isBlank()) {
            throw new IllegalArgumentException("The key header name must not be blank");
        }
    }

    @Override
    public void filter(ClientRequestContext request) {
        if (!methods.contains(request.getMethod().toUpperCase(Locale.ROOT)) || hasKey(request)) {
            return;
        }
        request.getHeaders().putSingle(header, IdempotentCalls.currentKey().orElseGet(IdempotentCalls::newKey));
    }

    private boolean hasKey(ClientRequestContext request) {
        for (String name : request.getHeaders().keySet()) {
            if (name.equalsIgnoreCase(header)) {
                return true;
            }
        }
        return false;
    }
}
