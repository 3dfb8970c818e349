package dev.idem.it.quarkus;

import dev.idem.it.suite.SameTransactionContract;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
class QuarkusSameTransactionTest extends SameTransactionContract {
}
