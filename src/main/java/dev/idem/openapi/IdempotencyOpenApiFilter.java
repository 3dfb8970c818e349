package dev.idem.openapi;

import dev.idem.internal.cdi.MicroProfileSettings;
import dev.idem.internal.openapi.IdempotentEndpoints;
import dev.idem.internal.openapi.OpenApiDocumenter;
import dev.idem.internal.openapi.ResourceClasses;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;

/**
 * Documents every {@code @Idempotent} JAX-RS operation in the application's OpenAPI document
 * (MicroProfile OpenAPI): the key header with its effective rules (name, required, length,
 * pattern), the 400, 409, 413, 422 and 503 answers as {@code application/problem+json} with the
 * shared {@code IdempotencyProblem} schema, {@code Idempotent-Replayed} on success answers, and an
 * {@code x-idempotent} extension with the effective settings ({@code ttl} as an ISO-8601 duration).
 * Operations switched off with {@code enabled=false} are not marked. What the application
 * documented itself is kept.
 *
 * <p>Idem's jar registers this filter through {@code mp.openapi.filter} (with a low config
 * ordinal). An application with its own {@code mp.openapi.filter} replaces it, and keeps Idem's
 * documentation by calling it from its own filter:
 * <pre>{@code
 * public class ApiFilter implements OASFilter {
 *     private final OASFilter idem = new IdempotencyOpenApiFilter();
 *
 *     @Override
 *     public void filterOpenAPI(OpenAPI openAPI) {
 *         // ... the application's own changes ...
 *         idem.filterOpenAPI(openAPI);
 *     }
 * }
 * }</pre>
 */
public class IdempotencyOpenApiFilter implements OASFilter {

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        OpenApiDocumenter.document(openAPI,
                new IdempotentEndpoints(MicroProfileSettings.resolver()).of(ResourceClasses.known()));
    }
}
