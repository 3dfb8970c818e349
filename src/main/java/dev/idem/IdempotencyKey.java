package dev.idem;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the parameter of an {@link Idempotent} CDI bean method whose value is the idempotency key.
 * The parameter is a {@code String}, or any type whose {@code toString()} is a stable string form
 * of the key (a {@code UUID}, a business identifier). The same length and pattern rules apply as
 * to the HTTP header. The other parameters form the invocation's fingerprint.
 *
 * <p>On a {@link dev.idem.client.IdempotentCall} method it names the key that the method's
 * outgoing requests carry, for every retry.
 *
 * <pre>{@code
 * @Idempotent
 * public Receipt charge(@IdempotencyKey String paymentId, Payment payment) { ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface IdempotencyKey {
}
