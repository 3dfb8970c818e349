package dev.idem.internal.openapi;

import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.CDI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The application's JAX-RS resource classes that carry {@code @Idempotent}, for the OpenAPI
 * document. Two sources, because an OpenAPI filter sees only the model: the classes the JAX-RS
 * runtime handed to Idem's {@code DynamicFeature} while deploying, and the CDI beans with a
 * {@code @Path} (which covers a document built before the JAX-RS application deployed). Neither
 * source references OpenAPI types, so the request path never loads them.
 */
public final class ResourceClasses {
    private static final Logger LOG = Logger.getLogger("dev.idem");
    /** Weak: a redeployed application's classes must not be kept alive by the library. */
    private static final Map<Class<?>, Boolean> DEPLOYED = Collections.synchronizedMap(new WeakHashMap<>());

    private ResourceClasses() {
    }

    /** Called by the JAX-RS feature for each resource class it binds or skips with {@code @Idempotent}. */
    public static void deployed(Class<?> resourceClass) {
        DEPLOYED.put(resourceClass, Boolean.TRUE);
    }

    /** Every known resource class: deployed ones first, then CDI beans with {@code @Path}. */
    public static List<Class<?>> known() {
        Set<Class<?>> classes;
        synchronized (DEPLOYED) {
            classes = new LinkedHashSet<>(DEPLOYED.keySet());
        }
        classes.addAll(cdiResourceClasses());
        return new ArrayList<>(classes);
    }

    private static List<Class<?>> cdiResourceClasses() {
        List<Class<?>> found = new ArrayList<>();
        BeanManager beans;
        try {
            beans = CDI.current().getBeanManager();
        } catch (IllegalStateException | NoClassDefFoundError e) {
            LOG.log(Level.FINE, "No CDI container to list resource classes from", e);
            return found;
        }
        for (Bean<?> bean : beans.getBeans(Object.class, Any.Literal.INSTANCE)) {
            Class<?> type = bean.getBeanClass();
            if (type != null && !type.getName().startsWith("dev.idem.internal.")
                    && IdempotentEndpoints.pathOf(type) != null) {
                found.add(type);
            }
        }
        return found;
    }
}
