package dev.idem.it.liberty;

import dev.idem.openapi.IdempotencyOpenApiFilter;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;

/**
 * The application's own OpenAPI filter (mp.openapi.filter), which replaces Idem's registration and
 * so calls Idem's filter itself (OpenApiFilterChainIT).
 */
public class ApiFilter implements OASFilter {
    private final OASFilter idem = new IdempotencyOpenApiFilter();

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        openAPI.info(OASFactory.createInfo().title("Idem test application").version("1"));
        idem.filterOpenAPI(openAPI);
    }
}
