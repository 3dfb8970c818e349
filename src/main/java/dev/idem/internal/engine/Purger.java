package dev.idem.internal.engine;

import dev.idem.spi.IdempotencyStore;
import java.time.Clock;
import java.util.logging.Level;

/**
 * Deletes expired records in batches, each its own short transaction, until a batch comes back
 * short. Several application instances may purge at once: the store skips rows another holds.
 */
public final class Purger {
    /** Bounds one run, so a huge backlog is worked off over several runs instead of one long one. */
    static final int MAX_BATCHES_PER_RUN = 1000;

    private final IdempotencyStore store;
    private final Clock clock;
    private final int batchSize;

    public Purger(IdempotencyStore store, Clock clock, int batchSize) {
        this.store = store;
        this.clock = clock;
        this.batchSize = batchSize;
    }

    /** One run; failures are logged, never thrown, so the schedule goes on. */
    public int purgeOnce() {
        int total = 0;
        try {
            for (int batch = 0; batch < MAX_BATCHES_PER_RUN; batch++) {
                int deleted = store.purgeExpired(clock.instant(), batchSize);
                total += deleted;
                if (deleted < batchSize) {
                    break;
                }
            }
        } catch (RuntimeException e) {
            IdempotencyEngine.LOG.log(Level.WARNING, e, () -> "Idem could not purge expired records; will try again");
        }
        int purged = total;
        if (purged > 0) {
            IdempotencyEngine.LOG.fine(() -> "Idem purged " + purged + " expired records");
        }
        return purged;
    }
}
