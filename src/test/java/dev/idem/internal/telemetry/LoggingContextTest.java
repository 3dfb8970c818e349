package dev.idem.internal.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.idem.spi.RecordId;
import org.jboss.logging.MDC;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The key and scope hash go into the MDC, and come out again. Checked through JBoss Logging's MDC
 * on its JDK back-end, which the build selects for every library test ({@code org.jboss.logging.provider=jdk}:
 * the test class path has no logging implementation; the Log4j API alone keeps no thread context,
 * and neither does SLF4J without a provider).
 */
class LoggingContextTest {
    private static final RecordId ID = new RecordId("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
            "order-7f3a9c2e41b5");

    @AfterEach
    void clean() {
        LoggingContext.clear();
    }

    @Test
    void put_setsKeyAndScopeHash() {
        LoggingContext.put(ID);

        assertThat(MDC.get("idem.key")).isEqualTo(ID.key());
        assertThat(MDC.get("idem.scope")).isEqualTo(ID.scope());
    }

    @Test
    void clear_removesBoth_andLeavesTheApplicationsOwnEntries() {
        MDC.put("requestId", "r-1");
        LoggingContext.put(ID);

        LoggingContext.clear();

        assertThat(MDC.get("idem.key")).isNull();
        assertThat(MDC.get("idem.scope")).isNull();
        assertThat(MDC.get("requestId")).isEqualTo("r-1");
        MDC.remove("requestId");
    }

    @Test
    void restore_putsBackAnOuterKey_orClearsWhenThereWasNone() {
        LoggingContext.Saved empty = LoggingContext.save();
        LoggingContext.put(ID);
        LoggingContext.Saved outer = LoggingContext.save();
        LoggingContext.put(new RecordId(ID.scope(), "inner-key-0123456789"));

        outer.restore();
        assertThat(MDC.get("idem.key")).isEqualTo(ID.key());

        empty.restore();
        assertThat(empty.isEmpty()).isTrue();
        assertThat(MDC.get("idem.key")).isNull();
        assertThat(MDC.get("idem.scope")).isNull();
    }

    @Test
    void anotherThread_doesNotSeeTheContext() throws InterruptedException {
        LoggingContext.put(ID);
        Object[] seen = new Object[1];

        Thread other = new Thread(() -> seen[0] = MDC.get("idem.key"));
        other.start();
        other.join();

        assertThat(seen[0]).isNull();
    }
}
