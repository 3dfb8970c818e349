package dev.idem.internal.openapi;

import dev.idem.internal.engine.Settings;

/**
 * One enabled {@code @Idempotent} JAX-RS resource method, as the OpenAPI document sees it.
 *
 * @param httpMethod upper-case HTTP method, e.g. {@code POST}
 * @param path       the path template from the class's and the method's {@code @Path}, normalised
 *                   by {@link PathTemplates#normalise(String)}, without the application path
 * @param settings   the operation's effective settings
 */
public record Endpoint(String httpMethod, String path, Settings settings) {
}
