package dev.idem;

import jakarta.enterprise.util.Nonbinding;
import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes an unsafe operation safe to retry: a request that carries an {@code Idempotency-Key}
 * runs once, and every retry with the same key gets the first response back, byte for byte,
 * with {@code Idempotent-Replayed: true}.
 *
 * <p>Put it on a JAX-RS resource method, or on a resource class to cover all its methods, or on
 * any CDI bean method with an {@link IdempotencyKey} parameter:
 * <pre>{@code
 * @POST
 * @Idempotent(ttl = "PT1H")
 * public Response create(Order order) { ... }
 * }</pre>
 *
 * <p>Every member defaults to "not set". A setting resolves, highest first, from
 * {@code idem."<fqcn>/<method>".<name>}, {@code idem."<fqcn>".<name>}, a value set explicitly
 * here, {@code idem.<name>}, then the built-in default. Array-typed members hold at most one
 * value: {@code @Idempotent(required = false)} is the usual way to write them.
 *
 * <p>Reactive resource methods (returning {@code Uni}, {@code Multi}, a {@code CompletionStage}
 * or a {@code Publisher}, taking an {@code AsyncResponse}, or marked {@code @NonBlocking}) are
 * refused when the application starts.
 */
@InterceptorBinding
@Inherited
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Idempotent {

    /** Request header carrying the key (setting {@code header}); default {@code Idempotency-Key}. */
    @Nonbinding
    String header() default "";

    /** Whether a request without a key is refused with 400 (setting {@code required}); default {@code true}. */
    @Nonbinding
    boolean[] required() default {};

    /** How long a finished record is replayed, ISO-8601, positive (setting {@code ttl}); default {@code PT24H}. */
    @Nonbinding
    String ttl() default "";

    /**
     * How long an in-flight claim is held before another request may take it over, ISO-8601,
     * positive (setting {@code lease}); default {@code PT1M}.
     */
    @Nonbinding
    String lease() default "";

    /** {@code reject} (409) or {@code wait} for a request racing the first (setting {@code in-flight}); default {@code reject}. */
    @Nonbinding
    String inFlight() default "";

    /** Bound of the wait mode, ISO-8601, positive (setting {@code in-flight.max-wait}); default {@code PT10S}. */
    @Nonbinding
    String inFlightMaxWait() default "";

    /** Shortest key accepted, 1 or more (setting {@code key.min-length}); default 16. */
    @Nonbinding
    int[] keyMinLength() default {};

    /** Longest key accepted, at least the minimum (setting {@code key.max-length}); default 255. */
    @Nonbinding
    int[] keyMaxLength() default {};

    /** Regular expression the whole key must match (setting {@code key.pattern}); default none. */
    @Nonbinding
    String keyPattern() default "";

    /** Request headers whose values join the principal in the record's scope (setting {@code scope.headers}); default none. */
    @Nonbinding
    String[] scopeHeaders() default {};

    /**
     * Response headers recorded and replayed (setting {@code replay.headers}); default
     * {@code Content-Type, Location, Content-Location, Link, ETag, Last-Modified}.
     * {@code Set-Cookie} and credential-bearing headers are never accepted here.
     */
    @Nonbinding
    String[] replayHeaders() default {};

    /** Largest request or response body handled, in bytes, 1 or more (setting {@code max-body-size}); default 1048576. */
    @Nonbinding
    long[] maxBodySize() default {};

    /** Whether 5xx responses are recorded too (setting {@code store-server-errors}); default {@code false}. */
    @Nonbinding
    boolean[] storeServerErrors() default {};

    /** {@code fail-closed} (503) or {@code fail-open} when the store is unreachable (setting {@code store.failure-mode}). */
    @Nonbinding
    String failureMode() default "";

    /**
     * {@code separate} (default): the record is claimed and completed in transactions of its own,
     * which also protects side effects outside the database. {@code same}: the claim, the
     * business work and the recorded outcome commit or roll back together in one JTA transaction
     * (setting {@code transaction}). For a JAX-RS resource Idem opens that transaction before the
     * method runs and commits it once the response body is recorded; a CDI bean method joins the
     * caller's transaction, which must exist.
     */
    @Nonbinding
    String transaction() default "";

    /**
     * For CDI bean methods: exception types that are recorded and rethrown on every replay
     * instead of releasing the key (setting {@code record-exceptions}, comma-separated class names).
     */
    @Nonbinding
    Class<? extends Throwable>[] recordExceptions() default {};

    /** Kill switch (setting {@code enabled}); default {@code true}. */
    @Nonbinding
    boolean[] enabled() default {};
}
