package dev.idem.spi;

/** Whether a record's first execution is still running or has finished with a recorded response. */
public enum RecordState {
    /** Claimed; the first execution holds a lease until {@link IdempotencyRecord#lockedUntil()}. */
    IN_FLIGHT,
    /** Finished; {@link IdempotencyRecord#response()} is replayed until the record expires. */
    DONE
}
