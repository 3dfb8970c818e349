package dev.idem.it.quarkus;

import dev.idem.it.suite.HeaderSettingsContract;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
class QuarkusHeaderSettingsTest extends HeaderSettingsContract {
}
