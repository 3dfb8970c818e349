package dev.idem.it.quarkus;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import org.jboss.logging.Logger;

/**
 * Starts the test application. Without a configured datasource URL (system property
 * {@code quarkus.datasource.jdbc.url} or environment variable {@code QUARKUS_DATASOURCE_JDBC_URL})
 * it first starts an embedded PostgreSQL on a free port, so that the demo needs nothing installed.
 */
@QuarkusMain
public class DemoMain {

    private static final Logger LOG = Logger.getLogger(DemoMain.class);

    public static void main(String... args) throws IOException {
        if (datasourceConfigured()) {
            Quarkus.run(args);
            return;
        }
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            String url = "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres";
            System.setProperty("quarkus.datasource.jdbc.url", url);
            System.setProperty("quarkus.datasource.username", "postgres");
            System.setProperty("quarkus.datasource.password", "postgres");
            LOG.infof("Embedded PostgreSQL for the demo at %s (user postgres)", url);
            Quarkus.run(args);
        }
    }

    private static boolean datasourceConfigured() {
        return isSet(System.getProperty("quarkus.datasource.jdbc.url"))
                || isSet(System.getenv("QUARKUS_DATASOURCE_JDBC_URL"));
    }

    private static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }
}
