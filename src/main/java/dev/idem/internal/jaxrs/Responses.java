package dev.idem.internal.jaxrs;

import dev.idem.internal.engine.Decision;
import dev.idem.internal.engine.Problem;
import dev.idem.spi.StoredResponse;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.lang.annotation.Annotation;
import java.util.ArrayList;

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

    /** The 503 of same-transaction mode when the outcome could not be committed: nothing happened. */
    static Decision.Reject notCommitted() {
        return new Decision.Reject(Problem.STORE_UNAVAILABLE, 2,
                "the operation's transaction could not be committed; nothing was executed");
    }

    /** Turns a response not yet written into {@link #notCommitted()}. */
    static void replaceWithUnavailable(ContainerResponseContext response) {
        replace(response, problem(notCommitted()));
    }

    /** The answer to a decision that runs nothing: a replay or a problem. */
    static Response of(Decision decision) {
        if (decision instanceof Decision.Replay replay) {
            return replay(replay.response());
        }
        if (decision instanceof Decision.Reject reject) {
            return problem(reject);
        }
        throw new IllegalArgumentException("not an answer: " + decision);
    }

    /** Turns a response not yet written into {@code with}: its status, headers and entity. */
    static void replace(ContainerResponseContext response, Response with) {
        response.setStatus(with.getStatus());
        response.getHeaders().clear();
        with.getHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase(HttpHeaders.CONTENT_TYPE)) {
                response.getHeaders().put(name, new ArrayList<>(values));
            }
        });
        if (with.hasEntity()) {
            Object type = with.getHeaders().getFirst(HttpHeaders.CONTENT_TYPE);
            response.setEntity(with.getEntity(), new Annotation[0],
                    type == null ? MediaType.APPLICATION_OCTET_STREAM_TYPE : MediaType.valueOf(String.valueOf(type)));
        } else {
            response.setEntity(null);
        }
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
