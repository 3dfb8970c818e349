package dev.idem.internal.engine;

/**
 * What became of one idempotent operation, as the engine decided it; counted by telemetry. The
 * {@link #tag() tags} are the values of the {@code outcome} tag of the {@code idem.outcomes} counter.
 */
public enum Outcome {
    /** The key was claimed (new, or taken over after its lease or TTL ran out): the operation runs under it. */
    EXECUTED("executed"),
    /** A finished record was answered instead of running the operation. */
    REPLAYED("replayed"),
    /** Refused: another request with this key is still running (409, or the wait mode gave up). */
    IN_FLIGHT("in_flight"),
    /** Refused: the key was used before for a different request (422). */
    KEY_REUSED("key_reused"),
    /** Refused: the key was missing where required, or malformed (400). */
    KEY_REJECTED("key_rejected"),
    /** Refused: the request body exceeds {@code max-body-size} (413). */
    BODY_TOO_LARGE("body_too_large"),
    /** Refused: the store failed and the failure mode is fail-closed (503). */
    STORE_FAILURE("store_failure"),
    /** The store failed and the failure mode is fail-open: the operation runs without idempotency. */
    FAIL_OPEN("fail_open"),
    /** Refused: the stored record cannot be verified (decryption or integrity failure). */
    RECORD_UNREADABLE("record_unreadable");

    private final String tag;

    Outcome(String tag) {
        this.tag = tag;
    }

    /** The metric tag value: lower case, words joined by {@code _}. */
    public String tag() {
        return tag;
    }

    /**
     * The outcome a decision stands for. A {@link Decision.Bypass} counts as {@link #FAIL_OPEN}: the
     * engine reports a bypass only when the store failed (a missing optional key is not reported).
     */
    public static Outcome of(Decision decision) {
        if (decision instanceof Decision.Proceed) {
            return EXECUTED;
        }
        if (decision instanceof Decision.Replay) {
            return REPLAYED;
        }
        if (decision instanceof Decision.Reject reject) {
            return switch (reject.problem()) {
                case KEY_MISSING, KEY_MALFORMED -> KEY_REJECTED;
                case KEY_REUSED -> KEY_REUSED;
                case IN_FLIGHT -> IN_FLIGHT;
                case BODY_TOO_LARGE -> BODY_TOO_LARGE;
                case STORE_UNAVAILABLE -> STORE_FAILURE;
                case RECORD_UNREADABLE -> RECORD_UNREADABLE;
            };
        }
        return FAIL_OPEN;
    }
}
