package dev.idem.internal.engine;

import dev.idem.spi.StoredResponse;

/** What the engine tells an adapter to do with one request. */
public sealed interface Decision {

    /** Run the operation; this request owns the key and must finish or abandon the lease. */
    record Proceed(Lease lease) implements Decision {
    }

    /** Run the operation without idempotency (no key where none is required, or fail-open). */
    record Bypass() implements Decision {
    }

    /** Do not run; answer with the recorded response. */
    record Replay(StoredResponse response) implements Decision {
    }

    /**
     * Do not run; answer with the problem.
     *
     * @param retryAfterSeconds for 409 and 503, otherwise 0
     * @param detail            human-readable detail, never a stored body
     */
    record Reject(Problem problem, long retryAfterSeconds, String detail) implements Decision {
    }
}
