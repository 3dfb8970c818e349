package dev.idem.internal.telemetry;

/** Whether an optional API is on the application's class path, without initialising anything. */
public final class Presence {
    private Presence() {
    }

    public static boolean of(String className) {
        try {
            Class.forName(className, false, Presence.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
