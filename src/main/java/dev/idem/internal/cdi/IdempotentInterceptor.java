package dev.idem.internal.cdi;

import dev.idem.Idempotent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

/**
 * {@link Idempotent} on a CDI bean method. JAX-RS resource methods are handled by Idem's JAX-RS
 * filters, never twice: here they only get their same-transaction work rolled back at once when
 * they throw. Runs inside {@code @Transactional}, so same-transaction mode joins that transaction.
 */
@Idempotent
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_AFTER + 100)
public class IdempotentInterceptor {

    @Inject
    IdemRuntime runtime;

    @AroundInvoke
    public Object around(InvocationContext invocation) throws Exception {
        if (runtime.isJaxRsOperation(invocation.getTarget().getClass(), invocation.getMethod())) {
            try {
                return invocation.proceed();
            } catch (Exception e) {
                markFailed(e);
                throw e;
            }
        }
        return runtime.cdiOperations().invoke(invocation);
    }

    /** Tells the request's same-transaction handling; never hides the method's own exception. */
    private void markFailed(Exception thrown) {
        try {
            runtime.tracker().failed();
        } catch (ContextNotActiveException notAnHttpRequest) {
            // called outside an HTTP request: Idem's filters hold nothing for it
        } catch (RuntimeException e) {
            thrown.addSuppressed(e);
        }
    }
}
