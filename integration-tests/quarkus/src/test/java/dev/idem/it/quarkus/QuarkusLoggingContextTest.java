package dev.idem.it.quarkus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.idem.it.suite.LoggingContextContract;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.formatters.PatternFormatter;
import org.junit.jupiter.api.Test;

/** The shared contract, plus the log records themselves: Quarkus's log manager carries the MDC in each. */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
class QuarkusLoggingContextTest extends LoggingContextContract {

    @Test
    void applicationLogLines_carryTheKeyAndScopeHash_andLaterLinesDoNot() {
        String key = "it-" + UUID.randomUUID();
        try (Records records = Records.start("dev.idem.it.app.LoggingContextResource")) {
            RestAssured.given().header("Idempotency-Key", key).post("/logging-context/idempotent")
                    .then().statusCode(200);
            RestAssured.given().get("/logging-context/plain").then().statusCode(200);

            assertThat(records.mdcOf("placing an idempotent order"))
                    .containsEntry("idem.key", key)
                    .hasEntrySatisfying("idem.scope", scope -> assertThat(scope).matches("[0-9a-f]{64}"));
            assertThat(records.mdcOf("serving a request without idempotency"))
                    .doesNotContainKeys("idem.key", "idem.scope");
        }
    }

    @Test
    void theConfiguredConsoleFormat_printsTheKey() {
        String key = "it-" + UUID.randomUUID();
        PatternFormatter console = new PatternFormatter(
                ConfigProvider.getConfig().getValue("quarkus.log.console.format", String.class));
        try (Records records = Records.start("dev.idem.it.app.LoggingContextResource")) {
            RestAssured.given().header("Idempotency-Key", key).post("/logging-context/idempotent")
                    .then().statusCode(200);
            RestAssured.given().get("/logging-context/plain").then().statusCode(200);

            assertThat(console.format(records.one("placing an idempotent order")))
                    .contains("[key=" + key + "] placing an idempotent order");
            assertThat(console.format(records.one("serving a request without idempotency")))
                    .contains("[key=] serving a request without idempotency");
        }
    }

    /** The application's log records of one logger, with their MDC. */
    private static final class Records extends Handler implements AutoCloseable {
        private final List<ExtLogRecord> records = new CopyOnWriteArrayList<>();
        private final String logger;

        private Records(String logger) {
            this.logger = logger;
        }

        static Records start(String logger) {
            Records records = new Records(logger);
            Logger.getLogger("").addHandler(records);
            return records;
        }

        /** The MDC of the one record with this message. */
        Map<String, String> mdcOf(String message) {
            return one(message).getMdcCopy();
        }

        ExtLogRecord one(String message) {
            List<ExtLogRecord> matching = records.stream().filter(r -> message.equals(r.getMessage())).toList();
            assertThat(matching).as("log records '%s'", message).hasSize(1);
            return matching.get(0);
        }

        @Override
        public void publish(LogRecord record) {
            if (logger.equals(record.getLoggerName()) && record instanceof ExtLogRecord ext) {
                ext.copyMdc();
                records.add(ext);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
            Logger.getLogger("").removeHandler(this);
        }
    }
}
