package dev.idem.client;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Logical calls in code: the key that {@link IdempotencyKeyFilter} puts on every outgoing
 * request made on this thread while a call runs, so that all its retries carry one key.
 * <pre>{@code
 * Receipt receipt = IdempotentCalls.call("payment-" + order.id(), () -> retryingPayments.pay(order));
 * }</pre>
 *
 * <p>The scope must enclose the retries (here {@code retryingPayments.pay} carries
 * {@code @Retry}); a scope opened inside the retried code gets a new key per attempt. Scopes
 * nest: an inner call has its own key, and the outer key is back when it ends. The key is bound
 * to the current thread only: work handed to another thread sees no key unless it opens a scope
 * there with the key read by {@link #currentKey()}.
 */
public final class IdempotentCalls {

    private static final ThreadLocal<Scope> CURRENT = new ThreadLocal<>();

    private IdempotentCalls() {
    }

    /** Runs {@code call} as one logical call keyed {@code key} (a business identifier, say) and returns its result. */
    public static <T> T call(String key, Supplier<T> call) {
        Objects.requireNonNull(call, "call");
        try (Scope scope = open(key)) {
            return call.get();
        }
    }

    /** Runs {@code call} as one logical call with a fresh random key and returns its result. */
    public static <T> T call(Supplier<T> call) {
        return call(newKey(), call);
    }

    /** Runs {@code call} as one logical call keyed {@code key}. */
    public static void run(String key, Runnable call) {
        Objects.requireNonNull(call, "call");
        try (Scope scope = open(key)) {
            call.run();
        }
    }

    /**
     * Opens a logical call keyed {@code key} on this thread, for code that throws checked
     * exceptions; close it on the same thread, best with try-with-resources.
     *
     * @throws IllegalArgumentException if the key is null, empty or not printable ASCII
     */
    public static Scope open(String key) {
        Scope scope = new Scope(checked(key), CURRENT.get());
        CURRENT.set(scope);
        return scope;
    }

    /** Opens a logical call with a fresh random key on this thread. */
    public static Scope open() {
        return open(newKey());
    }

    /** The key of the logical call running on this thread, if any. */
    public static Optional<String> currentKey() {
        Scope scope = CURRENT.get();
        return scope == null ? Optional.empty() : Optional.of(scope.key);
    }

    /** A fresh random key: {@code idem-} and a random UUID, 41 characters. */
    public static String newKey() {
        return "idem-" + UUID.randomUUID();
    }

    private static String checked(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("An idempotency key must not be null or empty");
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                throw new IllegalArgumentException("An idempotency key must be printable ASCII without spaces; "
                        + "character " + i + " is not");
            }
        }
        return key;
    }

    /** One logical call on one thread; {@link #close()} ends it and brings back the enclosing one. */
    public static final class Scope implements AutoCloseable {

        private final String key;
        private final Scope enclosing;
        private boolean closed;

        private Scope(String key, Scope enclosing) {
            this.key = key;
            this.enclosing = enclosing;
        }

        /** The key that outgoing requests of this call carry. */
        public String key() {
            return key;
        }

        /** Ends this call on this thread; calls nested in it and still open end with it. */
        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            if (enclosing == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(enclosing);
            }
        }
    }
}
