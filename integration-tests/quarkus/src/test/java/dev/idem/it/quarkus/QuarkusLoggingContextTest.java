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
import org.jboss.logmanager.ExtLogRecord;
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
            List<ExtLogRecord> matching = records.stream().filter(r -> message.equals(r.getMessage())).toList();
            assertThat(matching).as("log records '%s'", message).hasSize(1);
            return matching.get(0).getMdcCopy();
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
