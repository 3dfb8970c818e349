package dev.idem.internal.cdi;

import dev.idem.Idempotent;
import dev.idem.IdempotencyKey;
import dev.idem.internal.config.ConfigurationException;
import dev.idem.internal.engine.Settings;
import jakarta.interceptor.InvocationContext;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The {@link CdiOperation} of each {@link Idempotent} CDI bean method, described once. */
final class CdiOperations {
    private final IdemRuntime runtime;
    private final Map<Target, CdiOperation> operations = new ConcurrentHashMap<>();
    private volatile Jsonb jsonb;

    CdiOperations(IdemRuntime runtime) {
        this.runtime = runtime;
    }

    Object invoke(InvocationContext invocation) throws Exception {
        Target target = new Target(beanClass(invocation.getTarget().getClass()), invocation.getMethod());
        return operations.computeIfAbsent(target, this::describe).invoke(invocation);
    }

    /** Describes (and so validates) the operation at start-up, before its first call. */
    void validate(Class<?> beanClass, Method method) {
        operations.computeIfAbsent(new Target(beanClass, method), this::describe);
    }

    /** An operation is a method as invoked on a bean class, which may inherit it with other settings. */
    private record Target(Class<?> beanClass, Method method) {
    }

    private CdiOperation describe(Target operation) {
        Class<?> type = operation.beanClass();
        Method method = operation.method();
        String target = type.getName() + "/" + method.getName();
        Idempotent annotation = method.getAnnotation(Idempotent.class);
        if (annotation == null) {
            annotation = type.getAnnotation(Idempotent.class);
        }
        Settings settings = MicroProfileSettings.resolver().resolve(type.getName(), method.getName(), annotation);
        return new CdiOperation(runtime, settings, target, keyIndex(method, target), method, jsonb());
    }

    /** The bean's own class behind a container's generated subclass (Weld, ArC). */
    static Class<?> beanClass(Class<?> type) {
        Class<?> current = type;
        while (current.getSuperclass() != null && current.getSuperclass() != Object.class
                && (current.isSynthetic() || current.getName().contains("$$") || current.getName().endsWith("_Subclass"))) {
            current = current.getSuperclass();
        }
        return current;
    }

    private static int keyIndex(Method method, String target) {
        int found = -1;
        Annotation[][] annotations = method.getParameterAnnotations();
        for (int i = 0; i < annotations.length; i++) {
            for (Annotation annotation : annotations[i]) {
                if (annotation.annotationType() == IdempotencyKey.class) {
                    if (found >= 0) {
                        throw new ConfigurationException("@Idempotent method " + target
                                + " has more than one @IdempotencyKey parameter");
                    }
                    found = i;
                }
            }
        }
        if (found < 0) {
            throw new ConfigurationException("@Idempotent method " + target + " has no @IdempotencyKey parameter: "
                    + "annotate the parameter that carries the idempotency key");
        }
        return found;
    }

    private Jsonb jsonb() {
        Jsonb current = jsonb;
        if (current == null) {
            try {
                current = JsonbBuilder.create();
            } catch (RuntimeException e) {
                throw new ConfigurationException("@Idempotent CDI methods record their results as JSON and need a "
                        + "JSON-B implementation (Quarkus: add io.quarkus:quarkus-jsonb; Open Liberty: feature jsonb-3.0): "
                        + e.getMessage());
            }
            jsonb = current;
        }
        return current;
    }
}
