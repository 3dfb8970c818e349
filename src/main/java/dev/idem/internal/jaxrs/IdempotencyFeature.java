package dev.idem.internal.jaxrs;

import dev.idem.Idempotent;
import dev.idem.internal.cdi.MicroProfileSettings;
import dev.idem.internal.config.ConfigurationException;
import dev.idem.internal.engine.Settings;
import dev.idem.internal.openapi.ResourceClasses;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.Method;

/**
 * Binds Idem to every resource method annotated {@link Idempotent} (on the method or its class),
 * and only to those. Runs while the JAX-RS application deploys, so that an invalid setting or a
 * reactive method fails deployment with a message naming it.
 */
@Provider
public class IdempotencyFeature implements DynamicFeature {

    @Override
    public void configure(ResourceInfo resourceInfo, FeatureContext context) {
        Class<?> resourceClass = resourceInfo.getResourceClass();
        Method method = resourceInfo.getResourceMethod();
        if (resourceClass == null || method == null) {
            return;
        }
        Idempotent annotation = find(resourceClass, method);
        if (annotation == null) {
            return;
        }
        ResourceClasses.deployed(resourceClass);
        Settings settings = MicroProfileSettings.resolver().resolve(resourceClass.getName(), method.getName(), annotation);
        if (!settings.enabled()) {
            return;
        }
        String async = Reactive.whyAsync(resourceClass, method);
        if (async != null) {
            throw new ConfigurationException("@Idempotent is not supported on " + resourceClass.getName() + "/"
                    + method.getName() + " because " + async + ": Idem records a response only for blocking "
                    + "resource methods. Make the method blocking (return the result itself), or remove @Idempotent.");
        }
        context.register(new IdempotencyRequestFilter(settings), Priorities.USER);
        context.register(new IdempotencyResponseFilter(), Priorities.USER);
        context.register(new ResponseRecorder(), Priorities.USER);
    }

    /** The method's own annotation wins over its class's (and the class's may be inherited). */
    public static Idempotent find(Class<?> resourceClass, Method method) {
        Idempotent onMethod = method.getAnnotation(Idempotent.class);
        if (onMethod != null) {
            return onMethod;
        }
        Idempotent onClass = resourceClass.getAnnotation(Idempotent.class);
        return onClass != null ? onClass : method.getDeclaringClass().getAnnotation(Idempotent.class);
    }
}
