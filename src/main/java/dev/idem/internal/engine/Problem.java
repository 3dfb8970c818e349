package dev.idem.internal.engine;

/**
 * Every error Idem answers with, as RFC 9457 problem details. The {@code type} URNs are stable:
 * clients may match on them.
 */
public enum Problem {
    KEY_MISSING(400, "urn:idem:problem:key-missing", "Idempotency key missing"),
    KEY_MALFORMED(400, "urn:idem:problem:key-malformed", "Idempotency key malformed"),
    KEY_REUSED(422, "urn:idem:problem:key-reused", "Idempotency key reused with a different request"),
    IN_FLIGHT(409, "urn:idem:problem:in-flight", "Request with this idempotency key still in progress"),
    BODY_TOO_LARGE(413, "urn:idem:problem:body-too-large", "Request body too large for an idempotent request"),
    STORE_UNAVAILABLE(503, "urn:idem:problem:store-unavailable", "Idempotency store unavailable"),
    RECORD_UNREADABLE(500, "urn:idem:problem:record-unreadable", "Recorded response cannot be verified");

    private final int status;
    private final String type;
    private final String title;

    Problem(int status, String type, String title) {
        this.status = status;
        this.type = type;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    /** The problem document, with {@code detail} (never a stored body) JSON-escaped. */
    public String toJson(String detail) {
        StringBuilder json = new StringBuilder(160);
        json.append("{\"type\":\"").append(type)
                .append("\",\"title\":\"").append(title)
                .append("\",\"status\":").append(status);
        if (detail != null) {
            json.append(",\"detail\":\"");
            Json.escapeInto(detail, json);
            json.append('"');
        }
        return json.append('}').toString();
    }
}
