package dev.idem.internal.jaxrs;

import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.sse.SseEventSink;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Recognises resource methods whose response is produced asynchronously. Idem cannot hold a
 * claim across them (on Quarkus their filters even run on the event loop, where the store must
 * not block), so they are refused at deployment rather than left silently unprotected.
 */
final class Reactive {
    private static final Set<String> ASYNC_TYPES = Set.of(
            "java.util.concurrent.CompletionStage",
            "java.util.concurrent.Flow$Publisher",
            "org.reactivestreams.Publisher",
            "io.smallrye.mutiny.Uni",
            "io.smallrye.mutiny.Multi",
            "io.reactivex.rxjava3.core.Single",
            "io.reactivex.rxjava3.core.Maybe",
            "io.reactivex.rxjava3.core.Completable",
            "io.reactivex.rxjava3.core.Observable",
            "io.reactivex.rxjava3.core.Flowable",
            "kotlinx.coroutines.flow.Flow");
    private static final String NON_BLOCKING = "io.smallrye.common.annotation.NonBlocking";

    private Reactive() {
    }

    /** Why the method is asynchronous, or {@code null} when it is an ordinary blocking method. */
    static String whyAsync(Class<?> resourceClass, Method method) {
        Class<?> async = asyncSupertype(method.getReturnType());
        if (async != null) {
            return "it returns " + async.getSimpleName();
        }
        if (hasAnnotationNamed(method.getAnnotations()) || hasAnnotationNamed(resourceClass.getAnnotations())) {
            return "it is @NonBlocking";
        }
        for (Parameter parameter : method.getParameters()) {
            if (parameter.isAnnotationPresent(Suspended.class) || parameter.getType() == AsyncResponse.class) {
                return "it takes an AsyncResponse";
            }
            if (parameter.getType() == SseEventSink.class) {
                return "it streams server-sent events";
            }
            if (parameter.getType().getName().equals("kotlin.coroutines.Continuation")) {
                return "it is a suspend function";
            }
        }
        return null;
    }

    private static Class<?> asyncSupertype(Class<?> type) {
        Deque<Class<?>> pending = new ArrayDeque<>();
        Set<Class<?>> seen = new HashSet<>();
        pending.add(type);
        while (!pending.isEmpty()) {
            Class<?> current = pending.poll();
            if (!seen.add(current)) {
                continue;
            }
            if (ASYNC_TYPES.contains(current.getName())) {
                return current;
            }
            if (current.getSuperclass() != null) {
                pending.add(current.getSuperclass());
            }
            pending.addAll(List.of(current.getInterfaces()));
        }
        return null;
    }

    private static boolean hasAnnotationNamed(Annotation[] annotations) {
        for (Annotation annotation : annotations) {
            if (annotation.annotationType().getName().equals(NON_BLOCKING)) {
                return true;
            }
        }
        return false;
    }
}
