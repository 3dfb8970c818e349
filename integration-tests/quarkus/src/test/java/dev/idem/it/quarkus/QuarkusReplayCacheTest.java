package dev.idem.it.quarkus;

import dev.idem.it.suite.ReplayCacheContract;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
class QuarkusReplayCacheTest extends ReplayCacheContract {
}
