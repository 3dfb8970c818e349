package dev.idem.internal.cdi;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;

/** Tells JAX-RS resource methods, which the JAX-RS filters protect, from plain CDI bean methods. */
final class JaxRsMethods {
    private JaxRsMethods() {
    }

    static boolean isResource(Method method) {
        if (method.isAnnotationPresent(Path.class)) {
            return true;
        }
        for (Annotation annotation : method.getAnnotations()) {
            if (annotation.annotationType().isAnnotationPresent(HttpMethod.class)) {
                return true;
            }
        }
        return isResourceClass(method.getDeclaringClass());
    }

    static boolean isResourceClass(Class<?> type) {
        for (Class<?> current = type; current != null; current = current.getSuperclass()) {
            if (current.isAnnotationPresent(Path.class)) {
                return true;
            }
        }
        return false;
    }
}
