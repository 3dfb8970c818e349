package dev.idem.internal.openapi;

import dev.idem.Idempotent;
import dev.idem.internal.config.SettingsResolver;
import dev.idem.internal.engine.Settings;
import dev.idem.internal.jaxrs.IdempotencyFeature;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Finds the enabled {@code @Idempotent} resource methods of JAX-RS resource classes, with their
 * HTTP method, path template and effective settings, resolved exactly as the request filter
 * resolves them.
 */
public final class IdempotentEndpoints {
    private final SettingsResolver resolver;

    public IdempotentEndpoints(SettingsResolver resolver) {
        this.resolver = resolver;
    }

    public List<Endpoint> of(Collection<Class<?>> resourceClasses) {
        Set<Endpoint> endpoints = new LinkedHashSet<>();
        for (Class<?> resourceClass : resourceClasses) {
            String classPath = pathOf(resourceClass);
            if (classPath == null) {
                continue;
            }
            for (Method method : resourceClass.getMethods()) {
                if (method.getDeclaringClass() == Object.class || method.isBridge() || Modifier.isStatic(method.getModifiers())) {
                    continue;
                }
                Method annotated = jaxRsAnnotated(method);
                String httpMethod = annotated == null ? null : httpMethod(annotated);
                if (httpMethod == null) {
                    continue; // not a resource method (a sub-resource locator has no HTTP method either)
                }
                Idempotent annotation = IdempotencyFeature.find(resourceClass, method);
                if (annotation == null) {
                    continue;
                }
                Settings settings = resolver.resolve(resourceClass.getName(), method.getName(), annotation);
                if (!settings.enabled()) {
                    continue;
                }
                Path methodPath = annotated.getAnnotation(Path.class);
                String path = methodPath == null ? PathTemplates.normalise(classPath) : PathTemplates.join(classPath, methodPath.value());
                endpoints.add(new Endpoint(httpMethod, path, settings));
            }
        }
        return new ArrayList<>(endpoints);
    }

    /** The class's {@code @Path}, or its nearest superclass's or interface's; {@code null} for none. */
    static String pathOf(Class<?> type) {
        for (Class<?> current = type; current != null && current != Object.class; current = current.getSuperclass()) {
            Path path = current.getAnnotation(Path.class);
            if (path != null) {
                return path.value();
            }
            for (Class<?> contract : current.getInterfaces()) {
                Path onInterface = contract.getAnnotation(Path.class);
                if (onInterface != null) {
                    return onInterface.value();
                }
            }
        }
        return null;
    }

    /**
     * The declaration that carries the method's JAX-RS annotations: the method itself, or (JAX-RS
     * annotation inheritance) the overridden method of a superclass or interface.
     */
    private static Method jaxRsAnnotated(Method method) {
        if (hasJaxRsAnnotation(method)) {
            return method;
        }
        for (Class<?> current = method.getDeclaringClass(); current != null; current = current.getSuperclass()) {
            Method found = declared(current, method);
            if (found != null && hasJaxRsAnnotation(found)) {
                return found;
            }
            for (Class<?> contract : current.getInterfaces()) {
                Method onInterface = declared(contract, method);
                if (onInterface != null && hasJaxRsAnnotation(onInterface)) {
                    return onInterface;
                }
            }
        }
        return null;
    }

    private static Method declared(Class<?> type, Method like) {
        try {
            return type.getDeclaredMethod(like.getName(), like.getParameterTypes());
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    private static boolean hasJaxRsAnnotation(Method method) {
        return method.isAnnotationPresent(Path.class) || httpMethod(method) != null;
    }

    private static String httpMethod(Method method) {
        for (Annotation annotation : method.getAnnotations()) {
            HttpMethod designator = annotation.annotationType().getAnnotation(HttpMethod.class);
            if (designator != null) {
                return designator.value().toUpperCase(Locale.ROOT);
            }
        }
        return null;
    }
}
