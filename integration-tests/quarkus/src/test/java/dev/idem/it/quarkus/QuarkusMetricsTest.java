package dev.idem.it.quarkus;

import dev.idem.it.suite.MetricsContract;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
class QuarkusMetricsTest extends MetricsContract {
}
