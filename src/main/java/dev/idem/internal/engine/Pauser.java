package dev.idem.internal.engine;

import java.time.Duration;

/** Waits between polls of the wait mode; tests substitute one that moves a fake clock instead. */
@FunctionalInterface
public interface Pauser {

    Pauser SLEEP = duration -> Thread.sleep(duration.toMillis());

    void pause(Duration duration) throws InterruptedException;
}
