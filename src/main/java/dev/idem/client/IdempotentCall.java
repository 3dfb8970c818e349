package dev.idem.client;

import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes each invocation of a CDI bean method one logical call: every outgoing request that
 * {@link IdempotencyKeyFilter} handles while the method runs, on the calling thread, carries the
 * same {@code Idempotency-Key}, so a retry of the call is replayed by the server instead of
 * executed again.
 *
 * <p>The key is the method's parameter annotated {@link dev.idem.IdempotencyKey} (its
 * {@code toString()}, so a business identifier can be the key), or else a fresh random key per
 * invocation. The interceptor runs with priority {@code Interceptor.Priority.LIBRARY_BEFORE + 10},
 * outside MicroProfile Fault Tolerance (default {@code PLATFORM_AFTER + 10}), so on the same
 * method as {@code @Retry} it fixes the key once for all the attempts:
 * <pre>{@code
 * @IdempotentCall
 * @Retry(maxRetries = 3)
 * public String pay(@IdempotencyKey String paymentId, String payment) {
 *     return payments.pay(payment);        // a Rest Client with IdempotencyKeyFilter registered
 * }
 * }</pre>
 *
 * <p>An invocation nested in another logical call is a logical call of its own with its own key.
 * The key lives on the calling thread: methods that Fault Tolerance runs on another thread
 * ({@code @Asynchronous}, {@code @AsynchronousNonBlocking}) are refused with an
 * {@link IllegalStateException}; use {@link IdempotentCalls#currentKey()} and
 * {@link IdempotentCalls#call(String, java.util.function.Supplier)} on the other thread instead.
 */
@InterceptorBinding
@Inherited
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface IdempotentCall {
}
