package dev.idem.it.quarkus;

import dev.idem.it.suite.OpenApiContract;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
class QuarkusOpenApiTest extends OpenApiContract {
}
