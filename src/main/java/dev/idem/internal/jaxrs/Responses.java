package dev.idem.internal.jaxrs;

import dev.idem.internal.engine.Decision;
import dev.idem.spi.StoredResponse;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/** Builds the responses Idem answers with instead of running the operation. */
final class Responses {
    static final String REPLAYED = "Idempotent-Replayed";
    static final String PROBLEM_JSON = "application/problem+json";

    private Responses() {
    }

    /** The recorded status, headers and exact body bytes, marked as a replay. */
    static Response replay(StoredResponse recorded) {
        Response.ResponseBuilder builder = Response.status(recorded.status());
        recorded.headers().forEach((name, values) -> values.forEach(value -> builder.header(name, value)));
        builder.header(REPLAYED, "true");
        if (recorded.body().length > 0) {
            builder.entity(recorded.body());
        }
        return builder.build();
    }

    static Response problem(Decision.Reject reject) {
        Response.ResponseBuilder builder = Response.status(reject.problem().status())
                .header(HttpHeaders.CONTENT_TYPE, PROBLEM_JSON)
                .entity(reject.problem().toJson(reject.detail()));
        if (reject.retryAfterSeconds() > 0) {
            builder.header(HttpHeaders.RETRY_AFTER, reject.retryAfterSeconds());
        }
        return builder.build();
    }
}
