package dev.idem.internal.jaxrs;

import dev.idem.internal.cdi.IdemRuntime;

/**
 * The CDI runtime as seen from a JAX-RS provider instance: looked up once per provider, never kept
 * in a static field (a restarted application gets new providers and a new container).
 */
final class RuntimeHandle {
    private volatile IdemRuntime runtime;

    IdemRuntime get() {
        IdemRuntime current = runtime;
        if (current == null) {
            current = IdemRuntime.lookup();
            runtime = current;
        }
        return current;
    }
}
