package dev.idem.internal.telemetry;

import dev.idem.internal.engine.Outcome;

/**
 * Where Idem's numbers go: one adapter per metrics API, chosen at start-up by what the
 * application has ({@link Telemetry#detect()}). Implementations are thread-safe and fast.
 */
interface Meters {
    /** Counter {@code idem.outcomes}. */
    String OUTCOMES = "idem.outcomes";
    String OUTCOMES_DESCRIPTION = "Idempotent operations by outcome";
    /** Timer {@code idem.store}. */
    String STORE = "idem.store";
    String STORE_DESCRIPTION = "Idempotency store operations";
    String OUTCOME_TAG = "outcome";
    String METHOD_TAG = "method";
    String OPERATION_TAG = "operation";

    /** Counts one decision for {@code method} ({@code <fqcn>/<method>}). */
    void count(String method, Outcome outcome);

    /** Records how long one store operation took. */
    void time(StoreOperation operation, long nanos);

    /** The name of the metrics API, for the start-up log line. */
    String name();

    /** No metrics API present: nothing is counted. */
    Meters NONE = new Meters() {
        @Override
        public void count(String method, Outcome outcome) {
        }

        @Override
        public void time(StoreOperation operation, long nanos) {
        }

        @Override
        public String name() {
            return "none";
        }
    };
}
