package dev.idem.it.quarkus;

import dev.idem.it.suite.BodyLimitContract;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
class QuarkusBodyLimitTest extends BodyLimitContract {
}
