package dev.idem.it.quarkus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.idem.it.suite.ReplayContract;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The application on a schema that Flyway migrated at start, Idem's table from the migration
 * shipped in Idem's jar, with {@code idem.schema.create=false}; Hibernate only validates. The
 * replay contract runs on it. The profile restarts the application on a new, empty database.
 */
@QuarkusTest
@TestProfile(QuarkusFlywayMigrationTest.Flyway.class)
@QuarkusTestResource(EmbeddedPostgresResource.class)
class QuarkusFlywayMigrationTest extends ReplayContract {

    /** The configuration lines the README shows for Flyway, plus the application's own location. */
    public static class Flyway implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.flyway.migrate-at-start", "true",
                    "quarkus.flyway.locations", "db/migration,classpath:META-INF/idem/migration",
                    "idem.schema.create", "false",
                    "quarkus.hibernate-orm.schema-management.strategy", "validate");
        }
    }

    @Test
    public void flywayMigratedTheApplicationsAndIdemsTables() {
        assertThat(db().column("SELECT script FROM flyway_schema_history WHERE success ORDER BY installed_rank"))
                .containsExactly("db/migration/V1__it_tables.sql", "META-INF/idem/migration/R__idem_record.sql");
    }
}
