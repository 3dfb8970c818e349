package dev.idem.it.quarkus;

import dev.idem.Idempotent;
import io.quarkus.arc.Unremovable;
import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.test.QuarkusUnitTest;
import jakarta.enterprise.context.ApplicationScoped;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** An @Idempotent CDI method without an @IdempotencyKey parameter fails start-up, not its first call. */
class KeylessCdiMethodRefusedTest {

    @RegisterExtension
    static final QuarkusUnitTest APP = ReactiveRefusal.refusing(KeylessPayments.class, "charge")
            .overrideConfigKey("idem.schema.create", "false");

    @Test
    void idempotentCdiMethodWithoutKeyParameter_failsStartUp() {
        // Never runs: the extension checks the start-up failure.
    }

    @ApplicationScoped
    @Unremovable
    @IfBuildProperty(name = ReactiveRefusal.ENABLED, stringValue = "true")
    public static class KeylessPayments {

        @Idempotent
        public String charge(String paymentId) {
            return paymentId;
        }
    }
}
