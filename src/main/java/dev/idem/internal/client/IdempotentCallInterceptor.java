package dev.idem.internal.client;

import dev.idem.client.IdempotentCall;
import dev.idem.client.IdempotentCalls;
import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

/**
 * {@link IdempotentCall}: one logical call per invocation, with the key from the
 * {@code @IdempotencyKey} argument or a fresh random one. Runs before (outside) MicroProfile
 * Fault Tolerance's interceptor, whose default priority is {@code PLATFORM_AFTER + 10}.
 * References no Fault Tolerance or Rest Client type, so it loads in any application.
 */
@IdempotentCall
@Interceptor
@Priority(Interceptor.Priority.LIBRARY_BEFORE + 10)
public class IdempotentCallInterceptor {

    @AroundInvoke
    public Object around(InvocationContext invocation) throws Exception {
        CallMethod method = CallMethod.of(invocation.getMethod());
        try (IdempotentCalls.Scope scope = IdempotentCalls.open(method.key(invocation.getParameters()))) {
            return invocation.proceed();
        }
    }
}
