package dev.idem.internal.engine;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link Pauser} that moves the {@link FakeClock} instead of sleeping, and can run an action
 * after a given pause, e.g. let the first request finish while the second waits.
 */
final class AdvancingPauser implements Pauser {
    private final FakeClock clock;
    private final AtomicInteger pauses = new AtomicInteger();
    private final Map<Integer, Runnable> actions = new ConcurrentHashMap<>();

    AdvancingPauser(FakeClock clock) {
        this.clock = clock;
    }

    /** Runs {@code action} right after the {@code n}-th pause (1-based) has moved the clock. */
    AdvancingPauser afterPause(int n, Runnable action) {
        actions.put(n, action);
        return this;
    }

    int pauses() {
        return pauses.get();
    }

    @Override
    public void pause(Duration duration) {
        if (duration.isNegative() || duration.isZero()) {
            throw new AssertionError("the engine asked to pause for " + duration);
        }
        clock.advance(duration);
        Runnable action = actions.remove(pauses.incrementAndGet());
        if (action != null) {
            action.run();
        }
    }
}
