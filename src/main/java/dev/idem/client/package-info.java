/**
 * The client side of Idem: {@link dev.idem.client.IdempotencyKeyFilter} adds an
 * {@code Idempotency-Key} to outgoing POST and PATCH calls of a JAX-RS or MicroProfile Rest
 * Client, and {@link dev.idem.client.IdempotentCall} or {@link dev.idem.client.IdempotentCalls}
 * fix that key for every retry of one logical call.
 */
package dev.idem.client;
