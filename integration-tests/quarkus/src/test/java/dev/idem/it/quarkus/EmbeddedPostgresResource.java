package dev.idem.it.quarkus;

import dev.idem.it.suite.Database;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;
import java.util.Properties;

/**
 * Gives the application under test an embedded PostgreSQL on a free port, and hands the same
 * database to the behavioural suite.
 *
 * <p>The suite's settings are injected into its {@code suiteSettings} field rather than set as
 * {@code idem.it.*} system properties: in this JVM the application reads system properties as
 * configuration, and Idem refuses {@code idem.*} names it does not know.
 */
public class EmbeddedPostgresResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        TestDatabase.start();
        return Map.of(
                "quarkus.datasource.jdbc.url", TestDatabase.jdbcUrl(),
                "quarkus.datasource.username", TestDatabase.USER,
                "quarkus.datasource.password", TestDatabase.PASSWORD);
    }

    @Override
    public void inject(TestInjector testInjector) {
        Properties settings = new Properties();
        settings.setProperty(Database.URL_PROPERTY, TestDatabase.jdbcUrl());
        settings.setProperty(Database.USER_PROPERTY, TestDatabase.USER);
        settings.setProperty(Database.PASSWORD_PROPERTY, TestDatabase.PASSWORD);
        testInjector.injectIntoFields(settings,
                field -> field.getName().equals("suiteSettings") && field.getType() == Properties.class);
    }

    @Override
    public void stop() {
        TestDatabase.close();
    }
}
