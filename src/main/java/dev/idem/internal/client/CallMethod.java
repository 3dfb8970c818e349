package dev.idem.internal.client;

import dev.idem.IdempotencyKey;
import dev.idem.client.IdempotentCalls;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** What a method tells about its calls: where the key is, whether it may run elsewhere. */
final class CallMethod {

    private static final ClassValue<Map<Method, CallMethod>> CACHE = new ClassValue<>() {
        @Override
        protected Map<Method, CallMethod> computeValue(Class<?> type) {
            return new ConcurrentHashMap<>();
        }
    };

    private static final Set<String> ASYNCHRONOUS = Set.of(
            "org.eclipse.microprofile.faulttolerance.Asynchronous",
            "io.smallrye.faulttolerance.api.AsynchronousNonBlocking");

    private final String name;
    private final int keyIndex;

    private CallMethod(String name, int keyIndex) {
        this.name = name;
        this.keyIndex = keyIndex;
    }

    static CallMethod of(Method method) {
        return CACHE.get(method.getDeclaringClass()).computeIfAbsent(method, CallMethod::inspect);
    }

    private static CallMethod inspect(Method method) {
        String name = method.getDeclaringClass().getName() + "#" + method.getName();
        if (asynchronous(method.getAnnotations()) || asynchronous(method.getDeclaringClass().getAnnotations())) {
            throw new IllegalStateException("@IdempotentCall " + name + " is asynchronous: the key of a logical "
                    + "call is bound to the calling thread and would not reach the thread that runs it. "
                    + "Open the call inside the asynchronous code with IdempotentCalls.call(key, ...) instead");
        }
        int keyIndex = -1;
        Annotation[][] parameters = method.getParameterAnnotations();
        for (int i = 0; i < parameters.length; i++) {
            for (Annotation annotation : parameters[i]) {
                if (annotation.annotationType() == IdempotencyKey.class) {
                    if (keyIndex >= 0) {
                        throw new IllegalStateException("@IdempotentCall " + name
                                + " has more than one @IdempotencyKey parameter");
                    }
                    keyIndex = i;
                }
            }
        }
        return new CallMethod(name, keyIndex);
    }

    private static boolean asynchronous(Annotation[] annotations) {
        for (Annotation annotation : annotations) {
            if (ASYNCHRONOUS.contains(annotation.annotationType().getName())) {
                return true;
            }
        }
        return false;
    }

    String key(Object[] arguments) {
        if (keyIndex < 0) {
            return IdempotentCalls.newKey();
        }
        Object value = arguments[keyIndex];
        if (value == null) {
            throw new IllegalArgumentException("The @IdempotencyKey argument of @IdempotentCall " + name + " is null");
        }
        return value.toString();
    }
}
