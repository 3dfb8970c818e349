package dev.idem.it.quarkus;

import dev.idem.it.suite.ClientKeyContract;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
class QuarkusClientKeyTest extends ClientKeyContract {
}
