package dev.idem.internal.cdi;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;

/** Recreates a recorded exception for a replay: same type, same message. */
final class RecordedExceptions {
    private RecordedExceptions() {
    }

    static Exception recreate(String className, String message, Method method) {
        Throwable recreated;
        try {
            Class<?> type = Class.forName(className, true, method.getDeclaringClass().getClassLoader());
            recreated = instantiate(type.asSubclass(Throwable.class), message);
        } catch (ReflectiveOperationException | ClassCastException e) {
            return new IllegalStateException("Idem recorded a " + className + " from " + method.getName()
                    + " but cannot recreate it for the replay: it needs a public constructor taking a String message", e);
        }
        if (recreated instanceof Error error) {
            throw error;
        }
        return (Exception) recreated;
    }

    private static Throwable instantiate(Class<? extends Throwable> type, String message)
            throws ReflectiveOperationException {
        try {
            Constructor<? extends Throwable> withMessage = type.getConstructor(String.class);
            return withMessage.newInstance(message);
        } catch (NoSuchMethodException e) {
            return type.getConstructor().newInstance();
        }
    }
}
